namespace MLEnergy.Recommender.Search.GaussianProcesses;

/// <summary>A posterior at one point: mean and standard deviation, in the target's own units.</summary>
internal readonly record struct Prediction(double Mean, double StandardDeviation);
