using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>A strategy's answer: measure this configuration at this fidelity, or stop for a stated reason.</summary>
public sealed record StrategyDecision(Configuration? Configuration, TrialFidelity Fidelity, string? StopReason)
{
    public static StrategyDecision Measure(Configuration configuration, TrialFidelity fidelity = TrialFidelity.Full) =>
        new(configuration, fidelity, null);

    public static StrategyDecision Stop(string reason) => new(null, TrialFidelity.Full, reason);
}
