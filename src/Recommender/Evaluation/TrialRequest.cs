using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Evaluation;

/// <summary>One trial to run: which configuration, how long to measure, and which repetition it is.</summary>
public sealed record TrialRequest(
    Configuration Configuration,
    TrialFidelity Fidelity = TrialFidelity.Full,
    int Repetition = 0
)
{
    /// <summary>
    /// The host time a run's budget has left for this trial; null: no host-time budget. A trial whose window would
    /// take it past this ends its window there (its SLO verdict may then stay undecided).
    /// </summary>
    public TimeSpan? HostTimeLeft { get; init; }
}
