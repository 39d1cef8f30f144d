using MLEnergy.Profiler.Measure;
using MLEnergy.Profiler.Rapl;
using MLEnergy.Profiler.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Measure;

public sealed class CommandMeasurementTextTests
{
    [Fact]
    public async Task MeasuresNumbersReadAsEveryOtherCommands()
    {
        // Two fake GPUs at 412.3456 W and 0.05 W over 60 s of fake time: 24,740.7 J and 3 J. Before, the summary read
        // "24740.736 J", "3.000 J" and "0.1 W avg" where the reports read 24,741, 3.00 and 0.05.
        var time = new FakeTimeProvider();
        var gpus = new FakeGpuTelemetry(time)
            .Add("a", Power.FromWatts(412.3456))
            .Add("b", Power.FromWatts(0.05), hasCounter: false);
        var measurer = new CommandMeasurer(
            gpus,
            null,
            new RaplReader(Path.Combine(Path.GetTempPath(), "no-rapl")),
            time
        );
        var running = measurer.RunAsync(
            new MeasureRequest("sleep", ["0.2"], null, TimeSpan.FromSeconds(1)),
            TextWriter.Null,
            TextWriter.Null,
            CancellationToken.None
        );
        time.Advance(TimeSpan.FromSeconds(60));
        var measurement = await running.WaitAsync(TimeSpan.FromSeconds(60));
        var text = new StringWriter();

        CommandMeasurementText.Write(measurement, text);

        var lines = text.ToString().Split('\n');
        lines.Should().Contain("   elapsed        60 s");
        lines
            .Should()
            .Contain("   gpu0                 24,741 J      412.3 W avg   412.3 W peak")
            .And.Contain("   gpu1                   3.00 J       0.05 W avg   0.05 W peak");
    }
}
