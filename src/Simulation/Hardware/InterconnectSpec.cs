namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// The GPU-to-GPU link (NVLink or PCIe): bandwidth per direction per GPU and the latency of one collective.
/// </summary>
public sealed record InterconnectSpec(double BytesPerSecond, double LatencySeconds);
