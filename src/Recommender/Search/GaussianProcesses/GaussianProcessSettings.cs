namespace MLEnergy.Recommender.Search.GaussianProcesses;

/// <summary>The kernel and noise a process was fitted with.</summary>
internal sealed record GaussianProcessSettings(MaternKernel Kernel, double NoiseVariance);
