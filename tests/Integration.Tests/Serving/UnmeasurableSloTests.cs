using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>An SLO on a metric the target cannot measure is refused before any trial, not judged on another.</summary>
[Collection(ServingGroup.Name)]
public sealed class UnmeasurableSloTests
{
    [Fact]
    public async Task ABatchLatencySloOnALaunchedLlmServerIsRefusedBeforeAnyTrialWithWhatItCanMeasure()
    {
        using var temp = new TempDirectory();
        var space = ServingSpace.Write(
            temp.File("space.yaml"),
            ServingSpace.BatchKnob,
            "{ max_num_seqs: 64 }",
            "[\"sleep\", \"919.{max_num_seqs}\"]"
        );

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "p99 latency<=60s",
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--out",
            temp.File("run")
        );

        run.ExitCode.Should().Be(2, run.Error);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines
            .Should()
            .ContainSingle(l => l.Contains("latency_p99_ms", StringComparison.Ordinal))
            .Which.Should()
            .Contain("p99 latency<=60000ms")
            .And.Contain("cannot measure")
            .And.Contain("it can measure: ttft, tpot, itl, e2e (mean, p50, p90, p95, p99, p99.9)");
        ServingSpace.AnyProcessWith("919.16").Should().BeFalse("no server was launched");
        ServingSpace.AnyProcessWith("919.64").Should().BeFalse("no server was launched");
        File.Exists(Path.Combine(temp.File("run"), "result.json")).Should().BeFalse("no trial ran");
    }
}
