using System.Text.RegularExpressions;
using MLEnergy.Integration.Tests.Operations;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task UsageLinesNameTheCommandMlenergy()
    {
        var help = await CliRun.RunAsync("history", "--help");

        help.Out.Should().Contain("mlenergy history [options]").And.NotContain("MLEnergy.Cli");
    }

    [Theory]
    [InlineData(new[] { "optimze", "--slo", "200ms" }, "unknown command 'optimze'; did you mean 'optimize'?")]
    [InlineData(new[] { "histroy" }, "did you mean 'history'?")]
    [InlineData(new[] { "optimize", "--slo", "200ms", "--budgt", "3" }, "did you mean '--budget'?")]
    [InlineData(
        new[] { "govern", "--plan", "x", "--up-evidence", "2" },
        "--up-evidence (sigmas of one window's rate, taken again at every reading) was replaced by --rate-risk"
    )]
    public async Task AMisspeltCommandOrOptionGetsADidYouMean(string[] args, string expected)
    {
        var run = await CliRun.RunAsync(args);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(expected).And.NotContain("Required command was not provided");
    }

    [Fact]
    public async Task OutRefusesAFolderThatIsNotEmptyWithoutForce()
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(_state.Path, "out")).FullName;
        await File.WriteAllTextAsync(System.IO.Path.Combine(folder, "result.json"), "{}");

        var refused = await OperationsFixture.OptimizeAsync(_state.Path, "--out", folder);
        var forced = await OperationsFixture.OptimizeAsync(_state.Path, "--out", folder, "--force");

        refused.ExitCode.Should().Be(2);
        refused.Error.Should().Contain("is not empty").And.Contain("--force");
        (await File.ReadAllTextAsync(System.IO.Path.Combine(folder, "result.json"))).Should().NotBe("{}");
        forced.ExitCode.Should().Be(0, forced.Error);
    }

    [Fact]
    public async Task HistoryShowsModelSloDateSavingsAndStatus()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);

        var history = await CliRun.RunAsync("history", "--state-dir", _state.Path);

        history.Out.Should().Contain("Qwen/Qwen3-8B on H100").And.Contain("SLO p50 itl<=30ms");
        history.Out.Should().MatchRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d UTC  Finished");
        history.Out.Should().Contain("-80.5 %");
        history
            .Out.Should()
            .MatchRegex(@"J/token, itl_p50_ms \d+\.\d\d ms, -80\.5 % energy against the baseline\)", "which latency");
    }

    [Fact]
    public async Task ReportLatestRendersTheMostRecentRun()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);

        var report = await CliRun.RunAsync("report", "latest", "--state-dir", _state.Path);

        report.ExitCode.Should().Be(0, report.Error);
        report.Out.Should().Contain(OperationsFixture.OnlyRunId(_state.Path));
    }

    [Fact]
    public async Task AWrongRunIdSuggestsTheLatestInsteadOfListingEveryRun()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);
        await OperationsFixture.OptimizeAsync(_state.Path, "--host-id", "other");

        var report = await CliRun.RunAsync("report", "no-such-run", "--state-dir", _state.Path);

        report.ExitCode.Should().Be(2);
        report.ErrorLines.Should().ContainSingle().Which.Should().Contain("'latest' names it");
    }

    [Fact]
    public async Task ConfidenceSetsTheLevelTheSummaryStatesAndResultJsonRecords()
    {
        var run = await OperationsFixture.OptimizeAsync(_state.Path, "--confidence", "90%");
        var id = OperationsFixture.OnlyRunId(_state.Path);

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("(90 % confidence); objective:");
        var result = System.Text.Json.JsonDocument.Parse(
            await File.ReadAllTextAsync(Path.Combine(_state.Path, "runs", id, "result.json"))
        );
        result.RootElement.GetProperty("sloConfidence").GetDouble().Should().Be(0.9);
    }

    [Fact]
    public async Task TheSummaryEndsWithNextStepsNamingTheRunAndFitsAHundredColumns()
    {
        var run = await OperationsFixture.OptimizeAsync(_state.Path);
        var id = OperationsFixture.OnlyRunId(_state.Path);

        run.Out.Should().Contain($"mlenergy apply {id} --print").And.NotContain("apply RUN");
        run.Out.Should().Contain("nothing to apply here", "a replayed run has no host to apply to");
        Regex.IsMatch(run.Out, "Trials: 10 over 10 distinct configurations").Should().BeTrue(run.Out);
        run.Out.Split('\n')
            .Where(line => !line.StartsWith("Folder: ", StringComparison.Ordinal))
            .Where(line => line.Trim().Contains(' ')) // a path alone cannot be wrapped
            .Should()
            .OnlyContain(line => line.TrimEnd('\r').Length <= 100);
    }

    [Fact]
    public async Task ApplyPrintGivesTheVllmCommandOfTheLatestRun()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);

        var apply = await CliRun.RunAsync("apply", "latest", "--print", "--format", "vllm", "--state-dir", _state.Path);

        apply.ExitCode.Should().Be(0, apply.Error);
        apply
            .Out.Trim()
            .Should()
            .Be("vllm serve Qwen/Qwen3-8B --tensor-parallel-size 1 --data-parallel-size 1 --max-num-seqs 192");
    }
}
