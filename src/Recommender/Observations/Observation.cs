using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Observations;

/// <summary>
/// What one trial of one configuration measured: named metrics (see <c>MetricNames</c>), whether the
/// configuration could run at all, and, where the measurement knows its own confidence, a verdict per
/// SLO metric (met, missed or undecided) that overrides a plain comparison of values.
/// </summary>
public sealed record Observation(Configuration Configuration, ImmutableDictionary<string, double> Metrics)
{
    public bool Feasible { get; init; } = true;

    /// <summary>Why the configuration could not run (out of memory, not in the published table).</summary>
    public string? InfeasibleReason { get; init; }

    /// <summary>
    /// Why the configuration could not run, by kind, where the target recognised it; null for a feasible trial, and
    /// for an infeasible one whose cause is not known (read as <see cref="Infeasibility.Unknown"/>).
    /// </summary>
    public Infeasibility? Infeasibility { get; init; }

    public TrialFidelity Fidelity { get; init; } = TrialFidelity.Full;

    /// <summary>Host time the trial took, restarts included; zero for replayed data.</summary>
    public TimeSpan HostTime { get; init; }

    public ImmutableDictionary<string, SloVerdict> Verdicts { get; init; } =
        ImmutableDictionary<string, SloVerdict>.Empty;

    /// <summary>
    /// Power over the trial's measurement window, where the host sampled it; empty for replayed data.
    /// </summary>
    public ImmutableArray<PowerSample> PowerTrace { get; init; } = [];

    /// <summary>
    /// Why the trial's measurement cannot be trusted (a validity gate failed: window too short, GPU setting not in
    /// force, implausible readings); null when every gate passed. An invalid trial is not feasible, and its SLO
    /// verdicts are undecided: it is neither a result nor a miss. Its metrics are kept for the record.
    /// </summary>
    public string? InvalidReason { get; init; }

    /// <summary>Validity gates this target could not check (no GPU telemetry on a simulated host), by name.</summary>
    public ImmutableArray<string> GatesSkipped { get; init; } = [];

    public bool Invalid => InvalidReason is not null;

    /// <summary>
    /// Invalid only because an SLO verdict was still undecided, with fewer samples than a pass needs, when the window
    /// reached its longest: what the trial measured stands, and repeats of the configuration are pooled to decide
    /// the verdict (see <c>RepeatedTrials</c>).
    /// </summary>
    public bool ShortOfSamples { get; init; }

    /// <summary>How an invalid trial's reason begins where only one reason is kept (the trial store).</summary>
    public const string InvalidPrefix = "invalid trial: ";

    /// <summary>Marks the observation invalid with <paramref name="reason"/>, keeping what it measured.</summary>
    public Observation AsInvalid(string reason) =>
        this with
        {
            Feasible = false,
            InvalidReason = reason,
            InfeasibleReason = InvalidPrefix + reason,
        };

    public static Observation Infeasible(Configuration configuration, string reason, Infeasibility? cause = null) =>
        new(configuration, ImmutableDictionary<string, double>.Empty)
        {
            Feasible = false,
            InfeasibleReason = reason,
            Infeasibility = cause,
        };

    public double? Metric(string name) => Metrics.TryGetValue(name, out var value) ? value : null;
}
