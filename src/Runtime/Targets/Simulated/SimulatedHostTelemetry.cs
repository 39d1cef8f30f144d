using MLEnergy.Profiler.Telemetry;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Telemetry;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// The simulated host's GPUs seen through the profiler's telemetry interface, read at the virtual clock's
/// present: the same energy counter (mJ, ~100 ms updates), instant and 1 s average power NVML would give.
/// </summary>
internal sealed class SimulatedHostTelemetry : IGpuTelemetry
{
    private readonly VirtualClock _clock;
    private readonly SimulatedGpuTelemetry[] _gpus;

    public SimulatedHostTelemetry(SimulatedTrialResult trial, VirtualClock clock, TelemetryOptions? options = null)
    {
        _clock = clock;
        _gpus = [.. Enumerable.Range(0, trial.Config.HostGpuCount).Select(i => trial.Telemetry(i, options))];
        Devices =
        [
            .. Enumerable
                .Range(0, _gpus.Length)
                .Select(i => new GpuIdentity(i, $"Simulated {trial.Config.GpuKind}", $"GPU-sim-{i:D4}")),
        ];
    }

    public IReadOnlyList<GpuIdentity> Devices { get; }

    public IReadOnlyList<UnreachableGpu> Unreachable => [];

    public Energy? ReadTotalEnergy(int index) =>
        Energy.FromMillijoules(_gpus[index].TotalEnergyMillijoules(_clock.Elapsed));

    public Power? ReadPower(int index) => Power.FromWatts(_gpus[index].InstantPowerWatts(_clock.Elapsed));

    public GpuReading Read(int index) =>
        new(
            ReadTotalEnergy(index),
            ReadPower(index),
            Power.FromWatts(_gpus[index].AveragePowerWatts(_clock.Elapsed)),
            null
        );
}
