namespace MLEnergy.Runtime.Trials;

/// <summary>The server's mean running batch over a window, and its mean queue where it says.</summary>
public readonly record struct ServerBatch(double Running, double? Waiting);
