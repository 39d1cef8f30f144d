namespace MLEnergy.Simulation.Telemetry;

/// <summary>
/// How a simulated GPU's telemetry departs from the truth, as real NVML readings do: a fixed per-GPU gain
/// error of up to <see cref="GainError"/>, random noise of up to <see cref="NoiseFraction"/> on instant power,
/// and a thermal drift that raises power by up to <see cref="ThermalDriftFraction"/> as the GPU warms with
/// time constant <see cref="ThermalTimeConstant"/>. The energy counter updates every
/// <see cref="CounterUpdatePeriod"/>; power readings average over <see cref="AveragingWindow"/>.
/// </summary>
public sealed record TelemetryOptions(
    double GainError = 0,
    double NoiseFraction = 0,
    double ThermalDriftFraction = 0,
    int Seed = 0
)
{
    public TimeSpan ThermalTimeConstant { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan CounterUpdatePeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan AveragingWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Readings equal to the simulated truth (still quantized to the counter's update period).</summary>
    public static TelemetryOptions Exact { get; } = new();

    /// <summary>Readings as noisy as a real H100's: ±2% gain, ±5% instant noise, +3% thermal drift.</summary>
    public static TelemetryOptions Realistic(int seed) => new(0.02, 0.05, 0.03, seed);
}
