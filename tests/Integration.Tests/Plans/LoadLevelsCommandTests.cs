using MLEnergy.Integration.Tests.Support;
using MLEnergy.Recommender.Plans;

namespace MLEnergy.Integration.Tests.Plans;

public sealed class LoadLevelsCommandTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Theory]
    [InlineData("linear:1,2", "cannot read --load-levels 'linear:1,2'")]
    [InlineData("poisson:1,-2", "'-2' is not a rate above 0")]
    [InlineData("poisson:", "'' is not a rate above 0")]
    [InlineData("trace:/nonexistent/trace.jsonl", "trace file '/nonexistent/trace.jsonl' not found")]
    public async Task BadLoadLevelsGetOneLineAndExitCode2(string levels, string expected)
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "50ms",
            "--load-levels",
            levels,
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(expected).And.NotContain("Exception");
        run.Error.Trim().Split('\n').Should().HaveCount(1);
    }

    [Fact]
    public async Task ADryRunSaysTheLevelsItWouldTuneAtNotThePlainLoad()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "p90 tpot<=50ms",
            "--load-levels",
            "poisson:1,2,4",
            "--dry-run",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should()
            .Contain("load poisson:4, then the lower load levels (1, 2 requests/s), which changes nothing")
            .And.NotContain("saturate");
    }

    [Fact]
    public async Task LoadAndLoadLevelsTogetherAreRefused()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "50ms",
            "--load",
            "poisson:2",
            "--load-levels",
            "poisson:1,2",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--load and --load-levels cannot be combined");
    }

    [Fact]
    public async Task OptimizeWithLoadLevelsPrintsTheBandsAndWritesPlanJson()
    {
        var folder = System.IO.Path.Combine(_state.Path, "plan");

        // At 2 requests/s the 300 s window holds too few requests for a p99 verdict (validity gates); p90 needs fewer.
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "p90 tpot<=50ms",
            "--load-levels",
            "poisson:8,2",
            "--budget",
            "16",
            "--state-dir",
            _state.Path,
            "--out",
            folder
        );

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().Contain("Level 1/2: 8 requests/s, every knob").And.Contain("Level 2/2: 2 requests/s, GPU");
        run.Out.Should()
            .Contain("Plan per load level")
            .And.Contain("0 - 2.00")
            .And.Contain("2.00 - 8.00", "the top band ends at the top level it was tuned at")
            .And.MatchRegex(@"above 8\.00 [ -]+ not measured \(govern keeps the top band\)");
        var plan = LoadPlanJson.Read(await File.ReadAllTextAsync(System.IO.Path.Combine(folder, "plan.json")));
        plan.Bands.Select(b => b.LevelRequestsPerSecond).Should().Equal(2, 8);
        plan.BandFor(5).LevelRequestsPerSecond.Should().Be(8);
        plan.BandFor(1.5).LevelRequestsPerSecond.Should().Be(2);
        plan.Bands[^1].ToRequestsPerSecond.Should().Be(8);
    }
}
