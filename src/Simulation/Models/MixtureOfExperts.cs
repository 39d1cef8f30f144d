namespace MLEnergy.Simulation.Models;

/// <summary>
/// The mixture-of-experts MLP of a model's config: routed experts, how many each token uses, always-on shared
/// experts, each expert's intermediate size, and how many layers have experts (the others keep a dense MLP).
/// </summary>
/// <param name="Layers">Layers with experts; null = every MLP layer.</param>
public sealed record MixtureOfExperts(
    int Experts,
    int ExpertsPerToken,
    int IntermediateSize,
    int SharedExperts = 0,
    int? Layers = null
);
