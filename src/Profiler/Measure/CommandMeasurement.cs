using MLEnergy.Profiler.Meters;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Measure;

/// <summary>
/// The result of <c>mlenergy measure</c>: the command's exit code, elapsed time and energy per source.
/// </summary>
public sealed record CommandMeasurement(
    string Command,
    int ExitCode,
    TimeSpan Elapsed,
    IReadOnlyList<SourceSummary> Sources,
    IReadOnlyList<AbsentSource> Absent,
    IReadOnlyList<string> Warnings,
    int SampleCount
)
{
    public Energy? Total(EnergySourceKind kind)
    {
        var matching = Sources.Where(s => s.Kind == kind).ToArray();
        return matching.Length == 0 ? null : matching.Aggregate(Energy.Zero, (sum, s) => sum + s.Energy);
    }
}
