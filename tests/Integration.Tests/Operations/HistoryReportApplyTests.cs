using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Operations;

public sealed class HistoryReportApplyTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task EveryRunFolderHasResultJsonAndBothReports()
    {
        var run = await OperationsFixture.OptimizeAsync(
            _state.Path,
            "--price-per-kwh",
            "0.15",
            "--gco2-per-kwh",
            "380"
        );

        run.ExitCode.Should().Be(0, run.Error);
        var folder = Path.Combine(_state.Path, "runs", OperationsFixture.OnlyRunId(_state.Path));
        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
        markdown
            .Should()
            .Contain("Recommended configuration: **max_num_seqs=192**")
            .And.Contain("**80.5 % (")
            .And.Contain("cost (at 0.15 per kWh)")
            .And.Contain("emissions (kg CO2e at 380.0 g/kWh)")
            .And.Contain("tokens per joule (MLPerf Power)")
            .And.Contain("--max-num-seqs 192");
        (await File.ReadAllTextAsync(Path.Combine(folder, "report.html"))).Should().Contain("<svg id=\"pareto\"");
        run.Out.Should().Contain("report.html");
    }

    [Fact]
    public async Task HistoryListsEachRunWithItsRecommendation()
    {
        await OperationsFixture.OptimizeAsync(_state.Path, "--host-id", "gpu-node-1");

        var history = await CliRun.RunAsync("history", "--state-dir", _state.Path);

        history.ExitCode.Should().Be(0, history.Error);
        history
            .Out.Should()
            .Contain(OperationsFixture.OnlyRunId(_state.Path))
            .And.Contain("gpu-node-1")
            .And.Contain("Finished")
            .And.Contain("max_num_seqs=192")
            .And.Contain("-80.5 % energy against the baseline)", "the savings say what they are against")
            .And.MatchRegex(@"\([0-9.]+ J/token, ", "energy in the unit the terminal and reports use");
        history.Out.Should().NotContain("energy_per_token_j").And.NotContain(",max_num_seqs=");
    }

    [Fact]
    public async Task HistoryFleetComparesHostsThatTunedTheSameModel()
    {
        await OperationsFixture.OptimizeAsync(_state.Path, "--host-id", "node-a");
        await OperationsFixture.OptimizeAsync(_state.Path, "--host-id", "node-b", "--set", "max_num_seqs=8,16,32");

        var fleet = await CliRun.RunAsync("history", "--fleet", "--state-dir", _state.Path);

        fleet.ExitCode.Should().Be(0, fleet.Error);
        fleet.Out.Should().Contain("Qwen/Qwen3-8B").And.Contain("node-a").And.Contain("node-b");
        fleet.Out.Should().MatchRegex(@"node-a +[0-9.]+ J/token  itl_p50_ms +[0-9.]+ ms", "which latency");
    }

    [Fact]
    public async Task ReportRendersARunsReportsAgainWithAPrice()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);
        var id = OperationsFixture.OnlyRunId(_state.Path);
        var markdown = Path.Combine(_state.Path, "runs", id, "report.md");
        File.Delete(markdown);

        var report = await CliRun.RunAsync("report", id, "--state-dir", _state.Path, "--price-per-kwh", "0.30");

        report.ExitCode.Should().Be(0, report.Error);
        (await File.ReadAllTextAsync(markdown)).Should().Contain("cost (at 0.3 per kWh)");
    }

    [Fact]
    public async Task ReportForARunThatDoesNotExistListsTheRuns()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);

        var report = await CliRun.RunAsync("report", "no-such-run", "--state-dir", _state.Path);

        report.ExitCode.Should().Be(2);
        report.Error.Should().Contain("no run 'no-such-run'").And.Contain(OperationsFixture.OnlyRunId(_state.Path));
    }

    [Fact]
    public async Task ApplyPrintShowsTheServerFlagsOfTheRecommendation()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);

        var apply = await CliRun.RunAsync(
            "apply",
            OperationsFixture.OnlyRunId(_state.Path),
            "--print",
            "--state-dir",
            _state.Path
        );

        apply.ExitCode.Should().Be(0, apply.Error);
        apply
            .Out.Should()
            .Contain("# server flags: --tensor-parallel-size 1 --data-parallel-size 1 --max-num-seqs 192");
    }

    [Fact]
    public async Task ApplyPrintWithGpusPrintsThoseAndRefusesOnesTheRunDidNotMeasure()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);
        var id = OperationsFixture.OnlyRunId(_state.Path);

        var one = await CliRun.RunAsync("apply", id, "--print", "--gpus", "0", "--state-dir", _state.Path);
        var unmeasured = await CliRun.RunAsync("apply", id, "--print", "--gpus", "0,9", "--state-dir", _state.Path);

        // --print --gpus was refused outright ("--gpus does not apply to --print").
        one.ExitCode.Should().Be(0, one.Error);
        unmeasured.ExitCode.Should().Be(2);
        unmeasured.Error.Should().Contain($"--gpus names gpu9, which run '{id}' did not measure");
        unmeasured.Out.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--print --format vllm --gpus 0", "--gpus picks the GPUs of the nvidia-smi lines, and --format vllm")]
    [InlineData("--print --format k8s --gpus 0", "--gpus picks the GPUs of the nvidia-smi lines, and --format k8s")]
    [InlineData("--format vllm", "--format shapes what --print prints: add --print")]
    [InlineData("--print --dry-run", "--dry-run is what --print is already")]
    public async Task ApplyRefusesAnOptionItsModeWouldIgnore(string options, string expected)
    {
        // Before, --print --format vllm --gpus 0 printed the serving command as if --gpus had not been given.
        await OperationsFixture.OptimizeAsync(_state.Path);
        var id = OperationsFixture.OnlyRunId(_state.Path);

        var apply = await CliRun.RunAsync(["apply", id, .. options.Split(' '), "--state-dir", _state.Path]);

        apply.ExitCode.Should().Be(2, apply.Error);
        apply.ErrorLines.Should().ContainSingle().Which.Should().Contain(expected);
        apply.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task ApplyOnAReplayedRunSaysThereIsNothingToApply()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);

        var apply = await CliRun.RunAsync(
            "apply",
            OperationsFixture.OnlyRunId(_state.Path),
            "--state-dir",
            _state.Path
        );

        apply.ExitCode.Should().Be(2);
        apply.Error.Should().Contain("nothing to apply");
    }

    [Fact]
    public async Task ApplyOfARunThatSaysKeepTheCurrentConfigurationRefusesWithExitCode5UnlessForced()
    {
        (await OperationsFixture.OptimizeAsync(_state.Path, "--min-saving", "99")).ExitCode.Should().Be(5);
        var id = OperationsFixture.OnlyRunId(_state.Path);

        var refused = await CliRun.RunAsync("apply", id, "--print", "--state-dir", _state.Path);
        var forced = await CliRun.RunAsync("apply", id, "--print", "--force", "--state-dir", _state.Path);

        refused.ExitCode.Should().Be(5);
        refused.Error.Should().Contain("Keep the current configuration").And.Contain("--force");
        refused.Out.Should().BeEmpty();
        forced.ExitCode.Should().Be(0, forced.Error);
        forced.Out.Should().Contain("# server flags:");
    }
}
