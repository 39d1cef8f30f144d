using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Plans;

/// <summary>
/// The host session as one load level sees it: the same host, with trials at the level's rate. Disposing it does
/// nothing; the session's owner puts the host back.
/// </summary>
internal sealed class LevelHostSession(IHostSession host, IEvaluator evaluator) : IHostSession
{
    public IEvaluator Evaluator => evaluator;

    public bool ChangesHost => host.ChangesHost;

    public ImmutableArray<string> Notices => host.Notices;

    public void Attach(RunFolder folder) => host.Attach(folder);

    public IReadOnlyList<string> DescribeChanges(IReadOnlyList<Configuration> configurations) =>
        host.DescribeChanges(configurations);

    public Task<OutputCheck?> VerifyOutputsAsync(
        Configuration baseline,
        Configuration recommended,
        CancellationToken cancellationToken
    ) => host.VerifyOutputsAsync(baseline, recommended, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
