using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Evaluation;

/// <summary>One trial to run: which configuration, how long to measure, and which repetition it is.</summary>
public sealed record TrialRequest(
    Configuration Configuration,
    TrialFidelity Fidelity = TrialFidelity.Full,
    int Repetition = 0
);
