namespace MLEnergy.Profiler.Telemetry;

/// <summary>Which GPU: its index in its telemetry source, its marketing name and its stable UUID.</summary>
public sealed record GpuIdentity(int Index, string Name, string Uuid);
