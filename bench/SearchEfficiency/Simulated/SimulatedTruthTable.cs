using System.Collections.Concurrent;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.SearchEfficiency.Simulated;

/// <summary>
/// The simulated host's answer for every configuration of a space under one model and load: each
/// configuration is run once through the real <see cref="SimulatedEvaluator"/> at the screening windows
/// (10 s warm-up, 20 s measured, one simulator seed), and kept. The oracle and the noisy trials both read it.
/// </summary>
public sealed class SimulatedTruthTable
{
    private readonly ConcurrentDictionary<Configuration, Observation> _observations = new();
    private readonly SimulatedEvaluator _evaluator;

    public SimulatedTruthTable(SimulatedHost host, SearchSpace space, string model, LoadSpec load)
    {
        Space = space;
        Model = model;
        Load = load;
        _evaluator = new SimulatedEvaluator(host, space, model, space.GpuModel ?? "H100-SXM-80GB", load, seed: 1);
    }

    public SearchSpace Space { get; }

    public string Model { get; }

    public LoadSpec Load { get; }

    /// <summary>
    /// Simulates every configuration of the space, one after another (the simulator is not safe to share across
    /// threads).
    /// </summary>
    public SimulatedTruthTable Fill()
    {
        foreach (var c in Space.Enumerate())
        {
            At(c);
        }
        return this;
    }

    public Observation At(Configuration configuration) =>
        _observations.GetOrAdd(
            configuration,
            c => _evaluator.EvaluateAsync(new TrialRequest(c, TrialFidelity.Screening), CancellationToken.None).Result
        );
}
