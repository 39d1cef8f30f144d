using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Targets;

/// <summary>
/// A target checked and ready to open: the space to search on it and what its trials measure. Nothing on the host has
/// been touched yet; <see cref="OpenAsync"/> is the one step that does (restoring what a killed run left, opening
/// NVML), and its caller owns the session it returns.
/// </summary>
public sealed record TargetSetup
{
    private readonly Func<IProgress<HostActivity>?, CancellationToken, Task<IHostSession>> _open;

    public TargetSetup(
        SearchSpace space,
        TargetSpec target,
        IReadOnlyCollection<string> metricNames,
        Func<IProgress<HostActivity>?, CancellationToken, Task<IHostSession>> open
    )
    {
        Space = space;
        Target = target;
        MetricNames = metricNames;
        _open = open;
    }

    public SearchSpace Space { get; init; }

    public TargetSpec Target { get; }

    public IReadOnlyCollection<string> MetricNames { get; }

    public bool IsSimulated => Target is TargetSpec.Simulated;

    /// <summary>A target without a host: its session only holds the evaluator.</summary>
    public static TargetSetup Hostless(SearchSpace space, TargetSpec target, IEvaluator evaluator) =>
        new(
            space,
            target,
            evaluator.MetricNames,
            (_, _) => Task.FromResult<IHostSession>(new HostlessSession(evaluator))
        );

    /// <summary>
    /// Opens the host session; dispose it (<c>await using</c>) to put the host back. <paramref name="activity"/> hears
    /// what a serving host is doing during each trial (nothing for hosts without one).
    /// </summary>
    public Task<IHostSession> OpenAsync(
        CancellationToken cancellationToken,
        IProgress<HostActivity>? activity = null
    ) => _open(activity, cancellationToken);
}
