using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Search;

/// <summary>A strategy's answer: measure this configuration at this fidelity, or stop for a stated reason.</summary>
public sealed record StrategyDecision(Configuration? Configuration, TrialFidelity Fidelity, string? StopReason)
{
    public static StrategyDecision Measure(Configuration configuration, TrialFidelity fidelity = TrialFidelity.Full) =>
        new(configuration, fidelity, null);

    public static StrategyDecision Stop(string reason) => new(null, TrialFidelity.Full, reason);

    /// <summary>
    /// The stop of a strategy that measured every candidate: <c>every one of the 9 configurations was measured</c>,
    /// <c>the one configuration was measured</c>.
    /// </summary>
    public static StrategyDecision AllMeasured(int candidates) =>
        Stop(
            candidates == 1
                ? "the one configuration was measured"
                : $"every one of the {CountText.Of(candidates, "configuration")} was measured"
        );
}
