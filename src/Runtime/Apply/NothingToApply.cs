using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Runtime.Apply;

/// <summary>The applier of targets without a host to change: it only says why.</summary>
public sealed class NothingToApply(string reason) : IConfigurationApplier
{
    public string? CannotApplyReason { get; } = reason;

    public Task<IReadOnlyList<string>> ApplyAsync(
        SearchSpace space,
        Configuration configuration,
        CancellationToken cancellationToken
    ) => throw new InvalidOperationException(CannotApplyReason);
}
