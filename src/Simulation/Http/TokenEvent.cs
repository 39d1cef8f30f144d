namespace MLEnergy.Simulation.Http;

/// <summary>One generated token of a live request: its position and whether it is the last.</summary>
internal readonly record struct TokenEvent(int Index, bool Last);
