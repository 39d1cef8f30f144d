using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>Every trial the loop ran (resumed ones included), and why it stopped.</summary>
public sealed record TuningRun(
    IReadOnlyList<Observation> Observations,
    int TrialsMeasured,
    int Candidates,
    string Strategy,
    string StopReason,
    int ServerRestarts);
