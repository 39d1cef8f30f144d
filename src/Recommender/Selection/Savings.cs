using MLEnergy.Units;

namespace MLEnergy.Recommender.Selection;

/// <summary>How much less energy the recommendation uses than the baseline, per unit of work.</summary>
public sealed record Savings(double Percent, Energy EnergyPerUnit, string Unit);
