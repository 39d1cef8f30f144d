using MLEnergy.Profiler.Meters;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Windows;

/// <summary>One source's energy over a window; <see cref="Estimated"/> when it came from power × time.</summary>
public sealed record SourceEnergy(EnergySource Source, Energy Energy, bool Estimated);
