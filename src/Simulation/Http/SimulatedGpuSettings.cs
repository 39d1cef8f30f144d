namespace MLEnergy.Simulation.Http;

/// <summary>
/// The settings of one simulated GPU that the control interface changes: its SM clock cap and power limit (null: the
/// GPU's default, no cap and the default limit).
/// </summary>
public sealed record SimulatedGpuSettings(int? SmClockCapMhz, double? PowerLimitWatts);
