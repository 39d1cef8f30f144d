namespace MLEnergy.Runtime.Trials;

/// <summary>
/// The server's mean running batch over a window, and its mean queue where it says; <paramref name="PeakRunning"/> is
/// the highest running batch sampled; <paramref name="KvShare"/> the mean share of its KV cache in use, where it says.
/// </summary>
public readonly record struct ServerBatch(double Running, double? Waiting, double PeakRunning, double? KvShare = null);
