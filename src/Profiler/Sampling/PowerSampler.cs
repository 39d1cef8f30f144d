using MLEnergy.Profiler.Telemetry;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Sampling;

/// <summary>
/// Reads power, energy and SM clock of chosen GPUs at a fixed rate in the background, for plots and steady-state
/// detection. Energy is counted from the first sample; a device without a counter gets trapezoid-integrated power.
/// </summary>
public sealed class PowerSampler
{
    private readonly IGpuTelemetry _telemetry;
    private readonly int[] _gpus;
    private readonly TimeProvider _time;
    private readonly Energy?[] _firstCounter;
    private readonly Meters.TrapezoidIntegrator[] _integrated;
    private readonly long _start;

    public PowerSampler(IGpuTelemetry telemetry, IEnumerable<int> gpus, TimeProvider time)
    {
        _telemetry = telemetry;
        _gpus = gpus.ToArray();
        _time = time;
        _firstCounter = new Energy?[_gpus.Length];
        _integrated = _gpus.Select(_ => new Meters.TrapezoidIntegrator()).ToArray();
        _start = time.GetTimestamp();
    }

    /// <summary>Samples every chosen device once and hands the samples to <paramref name="sinks"/>.</summary>
    public void SampleOnce(IReadOnlyList<IPowerSampleSink> sinks)
    {
        var now = _time.GetUtcNow();
        var elapsed = _time.GetElapsedTime(_start);
        for (var i = 0; i < _gpus.Length; i++)
        {
            var reading = _telemetry.Read(_gpus[i]);
            var power = reading.Power;
            if (power is { } p)
            {
                _integrated[i].Add(elapsed, p);
            }

            Energy? energy = null;
            if (reading.TotalEnergy is { } counter)
            {
                _firstCounter[i] ??= counter;
                energy = counter - _firstCounter[i]!.Value;
            }
            else if (_integrated[i].SampleCount > 0)
            {
                energy = _integrated[i].Total;
            }

            var sample = new PowerSample(now, $"gpu{_gpus[i]}", power, energy, reading.SmClock);
            foreach (var sink in sinks)
            {
                sink.Write(sample);
            }
        }
    }

    /// <summary>
    /// Samples now, then every <paramref name="interval"/>, and once more when cancelled, so the trace covers the
    /// whole run however short; cancellation ends it quietly.
    /// </summary>
    public async Task RunAsync(
        TimeSpan interval,
        IReadOnlyList<IPowerSampleSink> sinks,
        CancellationToken cancellationToken
    )
    {
        using var timer = new PeriodicTimer(interval, _time);
        SampleOnce(sinks);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                SampleOnce(sinks);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of sampling.
        }

        SampleOnce(sinks);
    }
}
