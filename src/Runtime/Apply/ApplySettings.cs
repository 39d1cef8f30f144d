using System.Collections.Immutable;

namespace MLEnergy.Runtime.Apply;

/// <summary>
/// How <c>mlenergy apply</c> acts: the state directory holding the journal, which GPUs, and whether to change anything.
/// </summary>
public sealed record ApplySettings(string StateDirectory)
{
    /// <summary>NVML indices of the GPUs to set; every GPU of the host when empty (as trials do by default).</summary>
    public ImmutableArray<int> Gpus { get; init; } = [];

    /// <summary>Print every change and make none.</summary>
    public bool DryRun { get; init; }
}
