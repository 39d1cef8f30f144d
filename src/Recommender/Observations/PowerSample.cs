using MLEnergy.Units;

namespace MLEnergy.Recommender.Observations;

/// <summary>One reading of a trial's power trace: time since the window opened, and the power then.</summary>
public readonly record struct PowerSample(TimeSpan Elapsed, Power Power);
