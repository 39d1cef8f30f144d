using System.Collections.Immutable;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// How to put a configuration in place by hand: one <c>nvidia-smi</c> line per GPU and knob, the serving
/// engine's flags, the settings no command can apply (the GPU model, a replica count), and the commands that put
/// the baseline's GPU settings back.
/// </summary>
public sealed record ApplyPlan(
    int GpuCount,
    ImmutableArray<string> GpuCommands,
    ImmutableArray<string> ServerFlags,
    ImmutableArray<string> NotApplied
)
{
    /// <summary>
    /// The <c>nvidia-smi</c> lines that put the baseline's GPU settings back (clock reset, power limit).
    /// </summary>
    public ImmutableArray<string> RevertCommands { get; init; } = [];

    /// <summary>The GPUs the commands set (NVML indices): those asked for, else the run's from index 0.</summary>
    public ImmutableArray<int> Gpus { get; init; } = [];

    /// <summary>Notes on how the commands were derived (e.g. where the lowest clock came from).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

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

        foreach (var note in Notes)
        {
            yield return $"# {note}";
        }

        if (!RevertCommands.IsEmpty)
        {
            yield return "# to revert to the baseline's GPU settings:";
            foreach (var command in RevertCommands)
            {
                yield return $"#   {command}";
            }
        }
    }
}
