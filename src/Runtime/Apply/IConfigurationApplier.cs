using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Runtime.Apply;

/// <summary>
/// Puts a recommended configuration in place on the host, with the same journal and restore as trials.
/// The knob actuators implement it; a target without a host (replay, simulation) has nothing to apply.
/// </summary>
public interface IConfigurationApplier
{
    /// <summary>Null when this applier can act; otherwise the one line that says why not.</summary>
    string? CannotApplyReason { get; }

    /// <summary>
    /// Applies (or, in a dry run, describes) the configuration; returns one line per thing done or to do.
    /// </summary>
    Task<IReadOnlyList<string>> ApplyAsync(
        SearchSpace space,
        Configuration configuration,
        CancellationToken cancellationToken
    );
}
