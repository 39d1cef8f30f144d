using System.Collections.Immutable;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Runtime.Requests;

/// <summary>Everything <c>mlenergy optimize</c> was asked for, bound from the command line once.</summary>
public sealed record OptimizeRequest
{
    public required ServiceLevelObjective Slo { get; init; }

    /// <summary>
    /// Where trials run, read from <c>--target</c>; null for the space's own target (the simulated host by default).
    /// </summary>
    public TargetSpec? Target { get; init; }

    public string? SpacePath { get; init; }

    public string? Model { get; init; }

    public string? Gpu { get; init; }

    public string? Load { get; init; }

    /// <summary>
    /// <c>--load-levels</c>: the offered rates (requests/s, increasing) to tune a plan per load level at; empty for
    /// one recommendation at <see cref="Load"/>.
    /// </summary>
    public ImmutableArray<double> LoadLevels { get; init; } = [];

    /// <summary><c>--workload NAME</c>: request lengths of the simulated load (lm-arena-chat, gpqa, ...).</summary>
    public string? Workload { get; init; }

    /// <summary><c>--set KNOB=V1,V2</c>: the knob is restricted to those values (pinned when one).</summary>
    public ImmutableArray<KnobPin> Pins { get; init; } = [];

    /// <summary>grid, random or auto (constrained Bayesian optimisation, the default).</summary>
    public string Strategy { get; init; } = StrategyFactory.Default;

    /// <summary>Trials or host time the run may spend; unlimited leaves the strategy to decide when to stop.</summary>
    public TuningBudget Budget { get; init; } = TuningBudget.Unlimited;

    public int? MaxTrials => Budget.MaxTrials;

    public int Seed { get; init; }

    /// <summary>Relative measurement noise added to replayed data (0.05 = 5 %), for testing robustness.</summary>
    public double Noise { get; init; }

    /// <summary>Where the run folder goes; null for a new folder under the state directory.</summary>
    public string? OutputDirectory { get; init; }

    public required string StateDirectory { get; init; }

    /// <summary>Print every change the run would make on the host and make none.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// After tuning, compare the recommended configuration's outputs with the baseline's on fixed probes.
    /// </summary>
    public bool VerifyOutputs { get; init; }

    /// <summary>
    /// <c>--resume</c>: continue the last unfinished run of the same space, target and SLO on this host.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>
    /// <c>--store</c>: <c>sqlite:PATH</c> or <c>postgres://...</c>; null for SQLite in the state directory.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>
    /// <c>--study NAME</c>: join the shared study of that name in the PostgreSQL store (workers on many hosts tune one
    /// problem together); null for a run of this host alone.
    /// </summary>
    public string? Study { get; init; }

    /// <summary><c>--claim-timeout</c>: how long a study's claim lives without its worker's heartbeat.</summary>
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>This host's name in the store (fleet history); the machine name by default.</summary>
    public string HostId { get; init; } = Environment.MachineName;

    /// <summary><c>--price-per-kwh</c> for the report's cost per day.</summary>
    public double? PricePerKwh { get; init; }

    /// <summary><c>--gco2-per-kwh</c> for the report's emissions per day.</summary>
    public double? GramsCo2PerKwh { get; init; }

    /// <summary>
    /// <c>--min-saving</c>: the smallest saving (percent) worth a change; when the savings' confidence interval
    /// reaches below it, the decision is to keep the current configuration.
    /// </summary>
    public double MinimumSavingPercent { get; init; } =
        Recommender.Selection.RecommendationOutcome.DefaultMinimumSavingPercent;

    /// <summary>
    /// <c>--min-throughput</c>: the least throughput the recommendation keeps under a closed-loop load; the
    /// baseline's measured throughput (capacity-neutral) by default.
    /// </summary>
    public Recommender.Selection.ThroughputFloor MinimumThroughput { get; init; } =
        Recommender.Selection.ThroughputFloor.Baseline;
}
