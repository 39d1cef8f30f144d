namespace MLEnergy.Profiler.Telemetry;

/// <summary>
/// A GPU the driver counts but gives no handle for (fallen off the bus: GPU_IS_LOST; one this process may not reach:
/// NO_PERMISSION), with the driver's reason.
/// </summary>
public sealed record UnreachableGpu(int Index, string Reason);
