using MLEnergy.Profiler.Sampling;
using MLEnergy.Profiler.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Sampling;

public sealed class PowerSamplerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void EachSampleCarriesPowerEnergySinceStartAndClock()
    {
        var gpus = new FakeGpuTelemetry(_time)
            .Add("H100", Power.FromWatts(300))
            .Add("P100", Power.FromWatts(70), hasCounter: false);
        var sampler = new PowerSampler(gpus, [0, 1], _time);
        var trace = new PowerTrace();

        sampler.SampleOnce([trace]);
        _time.Advance(TimeSpan.FromSeconds(1));
        sampler.SampleOnce([trace]);

        trace.Samples.Should().HaveCount(4);
        trace
            .Samples[2]
            .Should()
            .Be(
                new PowerSample(
                    _time.GetUtcNow(),
                    "gpu0",
                    Power.FromWatts(300),
                    Energy.FromJoules(300),
                    Frequency.FromMegahertz(1410)
                )
            );
        trace.Samples[3].Energy.Should().Be(Energy.FromJoules(70));
    }

    [Fact]
    public void TheTraceKnowsPeakAndMeanPowerPerDevice()
    {
        var gpus = new FakeGpuTelemetry(_time).Add("H100", Power.FromWatts(300));
        var sampler = new PowerSampler(gpus, [0], _time);
        var trace = new PowerTrace();

        sampler.SampleOnce([trace]);
        gpus.SetPower(0, Power.FromWatts(600));
        sampler.SampleOnce([trace]);

        trace.Peak("gpu0").Should().Be(Power.FromWatts(600));
        trace.Mean("gpu0").Should().Be(Power.FromWatts(450));
        trace.Peak("gpu9").Should().BeNull();
    }

    [Fact]
    public async Task RunningTheSamplerSamplesOncePerInterval()
    {
        var gpus = new FakeGpuTelemetry(_time).Add("H100", Power.FromWatts(300));
        var sampler = new PowerSampler(gpus, [0], _time);
        var trace = new PowerTrace();
        using var stop = new CancellationTokenSource();

        var running = sampler.RunAsync(TimeSpan.FromMilliseconds(100), [trace], stop.Token);
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
            await WaitForSamples(trace, i + 2);
        }

        await stop.CancelAsync();
        await running;

        trace.Samples.Should().HaveCount(12, "one at the start, one per interval, one when stopped");
        trace.Samples[^1].Energy.Should().Be(Energy.FromJoules(300));
    }

    [Fact]
    public void CsvRowsHaveTheDocumentedColumnsAndEmptyCellsForAbsentReadings()
    {
        using var text = new StringWriter();
        var sink = new CsvPowerSampleSink(text);

        sink.Write(
            new PowerSample(
                DateTimeOffset.FromUnixTimeMilliseconds(1_748_779_200_250),
                "gpu0",
                Power.FromWatts(312.5),
                Energy.FromJoules(1234.5678),
                Frequency.FromMegahertz(1410)
            )
        );
        sink.Write(
            new PowerSample(DateTimeOffset.FromUnixTimeMilliseconds(1_748_779_200_350), "gpu1", null, null, null)
        );

        text.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should()
            .Equal(
                "timestamp,device,power_w,energy_j,sm_clock_mhz",
                "1748779200.250,gpu0,312.5,1234.568,1410",
                "1748779200.350,gpu1,,,"
            );
    }

    /// <summary>
    /// Waits until the sampler has taken the tick: time moves on only after that, or two ticks would be one. The limit
    /// only bounds a hang; a loaded machine may take seconds.
    /// </summary>
    private static async Task WaitForSamples(PowerTrace trace, int count)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (trace.Samples.Count < count)
        {
            System
                .Diagnostics.Stopwatch.GetElapsedTime(started)
                .Should()
                .BeLessThan(TimeSpan.FromSeconds(60), $"the sampler should take sample {count}");
            await Task.Delay(1);
        }
    }
}
