using System.Collections.Immutable;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// How to put a configuration in place by hand: one <c>nvidia-smi</c> line per GPU and knob, the serving
/// engine's flags, and the settings no command can apply (the GPU model, a replica count).
/// </summary>
public sealed record ApplyPlan(
    int GpuCount,
    ImmutableArray<string> GpuCommands,
    ImmutableArray<string> ServerFlags,
    ImmutableArray<string> NotApplied
)
{
    public bool IsEmpty => GpuCommands.IsEmpty && ServerFlags.IsEmpty;

    /// <summary>The plan as shell lines: GPU commands, then the server flags as one comment line.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (var command in GpuCommands)
        {
            yield return command;
        }

        if (!ServerFlags.IsEmpty)
        {
            yield return $"# server flags: {string.Join(' ', ServerFlags)}";
        }

        foreach (var note in NotApplied)
        {
            yield return $"# {note}";
        }
    }
}
