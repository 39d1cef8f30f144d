using System.Text.Json;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Optimize;

public sealed class OptimizeCapacityTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task TheDefaultRunsRecommendationServesAtLeastTheBaselinesThroughputAndSaysSo()
    {
        var run = await CliRun.RunAsync("optimize", "--slo", "200ms", "--json", "--state-dir", _state.Path);

        run.ExitCode.Should().Be(0, run.Error);
        var root = JsonDocument.Parse(run.Out).RootElement;
        var capacity = root.GetProperty("capacity");
        var baseline = capacity.GetProperty("baseline").GetDouble();
        var recommended = capacity.GetProperty("recommendation").GetDouble();
        recommended.Should().BeGreaterThanOrEqualTo(baseline);
        capacity.GetProperty("minimumThroughput").GetString().Should().Be("100%");
        capacity.GetProperty("floor").GetDouble().Should().Be(baseline);
        capacity.GetProperty("carried").GetDouble().Should().Be(Math.Min(baseline, recommended));
        capacity.GetProperty("text").GetString().Should().StartWith("Capacity: capacity-neutral");
        root.GetProperty("savings").GetProperty("percent").GetDouble().Should().BeGreaterThan(2);
    }

    [Fact]
    public async Task MinThroughputZeroMayPickASlowerConfigurationAndTheSummarySaysHowMuchSlower()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--min-throughput",
            "0",
            "--json",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(0, run.Error);
        var root = JsonDocument.Parse(run.Out).RootElement;
        var capacity = root.GetProperty("capacity");
        capacity
            .GetProperty("recommendation")
            .GetDouble()
            .Should()
            .BeLessThan(capacity.GetProperty("baseline").GetDouble());
        capacity.GetProperty("text").GetString().Should().Contain("--min-throughput 0");
    }

    [Fact]
    public async Task ASmallConfigurationUnderAPoissonRateAboveItsCapacityIsInfeasibleWithTheNumbers()
    {
        // max_num_seqs=8 on one H100 serves about 1.4 req/s of chat requests; 8 req/s is far above it.
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--load",
            "poisson:8",
            "--set",
            "max_num_seqs=8",
            "--set",
            "tensor_parallel=1",
            "--set",
            "sm_clock_cap_mhz=1980",
            "--set",
            "power_limit_w=700",
            "--json",
            "--state-dir",
            _state.Path
        );

        // The baseline (max_num_seqs=256) keeps up and stays; the pinned configuration does not.
        run.ExitCode.Should().Be(5, run.Error);
        var trial = JsonDocument
            .Parse(run.Out)
            .RootElement.GetProperty("trials")
            .EnumerateArray()
            .First(t => t.GetProperty("configuration").GetProperty("max_num_seqs").GetInt32() == 8);
        trial.GetProperty("feasible").GetBoolean().Should().BeFalse();
        trial
            .GetProperty("reason")
            .GetString()
            .Should()
            .MatchRegex(
                @"^cannot keep up: served 1\.\d+ requests/s of [78]\.\d+ offered; "
                    + @"queue grew by \d{3,} requests in the window$"
            );
        var metrics = trial.GetProperty("metrics");
        metrics
            .GetProperty("backlog_growth")
            .GetDouble()
            .Should()
            .BeGreaterThan(0.5 * metrics.GetProperty("offered_requests").GetDouble());
    }

    [Fact]
    public async Task TheShippedAzureTraceIsALoadForTheSimulatedHost()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--load",
            "trace:azure-conv,slice=10m..20m",
            "--budget",
            "4",
            "--json",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().BeOneOf([0, 5], run.Error);
        var root = JsonDocument.Parse(run.Out).RootElement;
        root.GetProperty("target").GetString().Should().Contain("trace:azure-conv,slice=600s..1200s");
        var metrics = root.GetProperty("trials")[0].GetProperty("metrics");
        // The slice holds 3,118 requests over 600 s, 5.2 req/s; the window sees that rate.
        metrics.GetProperty("offered_requests_per_s").GetDouble().Should().BeInRange(3.5, 7.5);
        root.GetProperty("capacity").GetProperty("rateDriven").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task ABadRowOfAnAzureTraceIsOneLineNamingItsNumberAndExitTwo()
    {
        var trace = Path.Combine(_state.Path, "trace.csv");
        File.WriteAllLines(
            trace,
            ["TIMESTAMP,ContextTokens,GeneratedTokens", "2023-11-16 18:15:46.6805900,374,44", "2023-11-16 18:15:47,x,1"]
        );

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--load",
            $"trace:{trace}",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("trace.csv line 3: ContextTokens");
    }

    [Theory]
    [InlineData("trace:azure-conv,scale=0", "scale must be a number above 0")]
    [InlineData("trace:azure-conv,slice=2h..3h", "has no requests in slice=7200s..10800s")]
    public async Task ABadTraceOptionIsOneLineAndExitTwo(string load, string expected)
    {
        var run = await CliRun.RunAsync("optimize", "--slo", "200ms", "--load", load, "--state-dir", _state.Path);

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain(expected);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("-3")]
    [InlineData("90%%")]
    public async Task AMalformedMinThroughputIsOneLineAndExitTwo(string text)
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--min-throughput",
            text,
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain($"--min-throughput '{text}'");
    }
}
