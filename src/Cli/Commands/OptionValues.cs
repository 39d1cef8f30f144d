using System.Collections.Immutable;
using MLEnergy.Cli.Output;
using MLEnergy.Profiler.Measure;

namespace MLEnergy.Cli.Commands;

/// <summary>Range checks shared by the commands that take the same kind of option (one rule, one message).</summary>
internal static class OptionValues
{
    /// <summary>A price or an intensity: absent, or a finite number of at least 0.</summary>
    public static double? FiniteAtLeastZero(double? value, string option) =>
        value is { } v && !(double.IsFinite(v) && v >= 0)
            ? throw new OptionValueException($"{option} must be a finite number of at least 0, not {v}")
            : value;

    /// <summary>The GPUs a <c>--gpus</c> list names; none (every GPU) when it is absent.</summary>
    public static ImmutableArray<int> GpuIndices(string? text) =>
        text is null ? []
        : GpuSelection.TryParse(text, out var gpus, out var problem) ? [.. gpus]
        : throw new OptionValueException(problem!);
}
