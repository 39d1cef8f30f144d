using MLEnergy.Recommender.Results;

namespace MLEnergy.Recommender.Plans;

/// <summary>The tuning result of one load level of a plan: the offered rate (requests/s) and what was found.</summary>
public sealed record LevelResult(double RequestsPerSecond, TuningResult Result);
