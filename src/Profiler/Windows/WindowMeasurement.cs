using MLEnergy.Profiler.Meters;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Windows;

/// <summary>
/// What one measurement window saw: elapsed time, energy per source, what was absent, and any warnings.
/// </summary>
public sealed record WindowMeasurement(
    string Name,
    DateTimeOffset Start,
    TimeSpan Elapsed,
    IReadOnlyList<SourceEnergy> Sources,
    IReadOnlyList<AbsentSource> Absent,
    IReadOnlyList<string> Warnings
)
{
    public bool AnyEstimated => Sources.Any(s => s.Estimated);

    /// <summary>
    /// Sum over sources of one kind (all GPUs, say); <c>null</c> when no source of that kind was measured.
    /// </summary>
    public Energy? Total(EnergySourceKind kind)
    {
        var matching = Sources.Where(s => s.Source.Kind == kind).ToArray();
        return matching.Length == 0 ? null : matching.Aggregate(Energy.Zero, (sum, s) => sum + s.Energy);
    }

    public Energy TotalEnergy => Sources.Aggregate(Energy.Zero, (sum, s) => sum + s.Energy);

    public SourceEnergy? Find(string sourceName) => Sources.FirstOrDefault(s => s.Source.Name == sourceName);
}
