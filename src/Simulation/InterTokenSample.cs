namespace MLEnergy.Simulation;

/// <summary>One inter-token time of an engine step and how many sequences of the batch saw it.</summary>
public readonly record struct InterTokenSample(TimeSpan Gap, long Count);
