using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>Every trial the loop ran (resumed ones included), and why it stopped.</summary>
public sealed record TuningRun(
    IReadOnlyList<Observation> Observations,
    int TrialsMeasured,
    int Candidates,
    string Strategy,
    string StopReason,
    int ServerRestarts)
{
    /// <summary>Host time the trials took, restarts included, as the evaluator reported it.</summary>
    public TimeSpan HostTime { get; init; }

    /// <summary>Hypervolume of the latency–energy frontier found (see <see cref="FrontierHypervolume"/>).</summary>
    public double Hypervolume { get; init; }

    /// <summary>The seed the strategy drew from; null for strategies that draw nothing.</summary>
    public int? Seed { get; init; }

    /// <summary>One observation per configuration, repeated trials averaged: what selection should read.</summary>
    public IReadOnlyList<Observation> Merged => RepeatedTrials.Merge(Observations);

    /// <summary>How many distinct configurations were measured.</summary>
    public int ConfigurationsMeasured => Observations.Select(o => o.Configuration).Distinct().Count();
}
