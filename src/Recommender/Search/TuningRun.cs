using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Search;

/// <summary>Every trial the loop ran (resumed ones included), and why it stopped.</summary>
public sealed record TuningRun(
    IReadOnlyList<Observation> Observations,
    int TrialsMeasured,
    int Candidates,
    string Strategy,
    string StopReason,
    int ServerRestarts
)
{
    /// <summary>Host time the trials took, restarts included, as the evaluator reported it.</summary>
    public TimeSpan HostTime { get; init; }

    /// <summary>Hypervolume of the latency–energy frontier found (see <see cref="FrontierHypervolume"/>).</summary>
    public double Hypervolume { get; init; }

    /// <summary>The seed the strategy drew from; null for strategies that draw nothing.</summary>
    public int? Seed { get; init; }

    /// <summary>The SLO the run tuned for; with it, <see cref="Merged"/> judges passes with the noise seen.</summary>
    public ServiceLevelObjective? Slo { get; init; }

    /// <summary>
    /// One observation per configuration, repeated trials averaged and, when trials were repeated, SLO verdicts
    /// with the noise seen (a pass by the sequential test of its trial count, a miss at 99 % or by a 95 % posterior
    /// from five trials; see <see cref="ConfidentVerdicts"/>): what selection should read.
    /// </summary>
    public IReadOnlyList<Observation> Merged =>
        Slo is null ? RepeatedTrials.Merge(Pooled) : RepeatedTrials.Merge(Pooled, Slo);

    /// <summary>
    /// Why each configuration (cap twins under their representative) could not carry the load, judged as the selection
    /// judges it: over its trials taken together (<see cref="Merged"/>; no spare batch slots, or repeats that together
    /// fell behind, <see cref="KeepUpRule"/>). A trial of such a configuration may have kept up by itself.
    /// </summary>
    public IReadOnlyDictionary<Knobs.Configuration, string> NotCarried() =>
        Merged
            .Where(o => !o.Feasible && KeepUpRule.IsItsReason(o.InfeasibleReason))
            .ToDictionary(o => o.Configuration, o => o.InfeasibleReason!);

    /// <summary>
    /// The configurations that differ only in a power limit none of their trials reached (<see
    /// cref="CapTwins"/>): <see cref="Merged"/> pools their trials under one of them.
    /// </summary>
    public CapTwins Twins { get; init; } = CapTwins.None;

    /// <summary><see cref="Observations"/> with cap twins' trials under their representative.</summary>
    public IReadOnlyList<Observation> Pooled => Twins.Pool(Observations);

    /// <summary>
    /// True when the run was one worker of a study shared by many hosts: <see cref="Observations"/> are then the
    /// study's trials, of which this host measured <see cref="TrialsMeasured"/>.
    /// </summary>
    public bool Shared { get; init; }

    /// <summary>
    /// "N trials over M distinct configurations", both over every trial of the run (<see cref="Observations"/>); when
    /// this session measured fewer (a resumed run), how many it did; for a worker of a study, which were its own.
    /// </summary>
    public string TrialsText =>
        Shared
            ? $"this host measured {TrialsMeasured} of the study's {CountText.Of(Observations.Count, "trial")} over "
                + CountText.Of(ConfigurationsMeasured, "distinct configuration")
            : CountText.Of(Observations.Count, "trial")
                + (Observations.Count > TrialsMeasured ? $" ({TrialsMeasured} in this session)" : "")
                + $" over {CountText.Of(ConfigurationsMeasured, "distinct configuration")}";

    /// <summary>
    /// "6 server restarts", counted as <see cref="TrialsMeasured"/> is, and saying whose they are where that is not the
    /// whole run's: a resumed run's this session's (its earlier sessions' are not counted), a study's this host's.
    /// </summary>
    public string RestartsText =>
        CountText.Of(ServerRestarts, "server restart")
        + (
            Shared ? " on this host"
            : Observations.Count > TrialsMeasured ? " in this session"
            : ""
        );

    /// <summary>
    /// How many trials a configuration's merged figures (<see cref="Merged"/>) are the mean of, its cap twins' pooled
    /// with it (<see cref="RepeatedTrials.Averaged"/>).
    /// </summary>
    public int TrialsAveraged(Knobs.Configuration configuration) =>
        RepeatedTrials.Averaged(Pooled.Where(o => o.Configuration.Equals(configuration))).Count;

    /// <summary>How many distinct configurations were measured, cap twins counted once.</summary>
    public int ConfigurationsMeasured => Twins.Distinct(Observations);
}
