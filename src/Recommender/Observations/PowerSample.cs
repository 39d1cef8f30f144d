namespace MLEnergy.Recommender.Observations;

/// <summary>One reading of a trial's power trace: seconds since the measurement window opened, and the power then.</summary>
public readonly record struct PowerSample(TimeSpan Elapsed, double Watts);
