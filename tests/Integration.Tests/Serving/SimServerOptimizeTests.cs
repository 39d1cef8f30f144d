using System.Text.Json;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// optimize over real HTTP: sim-server processes launched per configuration, driven and metered end to end.
/// </summary>
[Collection(ServingGroup.Name)]
public sealed class SimServerOptimizeTests
{
    [Fact]
    public async Task OptimizeLaunchesSimServersDrivesThemAndRecommendsAConfigurationThatMeetsTheSlo()
    {
        using var temp = new TempDirectory();
        var space = ServingSpace.Write(
            temp.File("space.yaml"),
            ServingSpace.BatchKnob,
            "{ max_num_seqs: 64 }",
            ServingSpace.SimServer
        );
        var output = temp.File("run");

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--out",
            output,
            "--json",
            "--strategy",
            "grid"
        );

        // The configurations differ by less than the repeat-to-repeat noise: keep the current one (exit 5).
        run.ExitCode.Should().Be(5, run.Error);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        var trials = result.RootElement.GetProperty("trials").EnumerateArray().ToList();
        trials.Should().HaveCount(2);
        trials.Should().OnlyContain(t => t.GetProperty("metrics").GetProperty("energy_per_token_j").GetDouble() > 0);
        trials.Should().OnlyContain(t => t.GetProperty("metrics").GetProperty("tpot_p99_ms").GetDouble() > 0);
        Directory.GetFiles(output, "server-*.stderr.log").Should().HaveCount(2);
        File.Exists(Path.Combine(temp.File("state"), HostJournal.FileName))
            .Should()
            .BeFalse("every server was stopped and forgotten");
    }

    [Fact]
    public async Task AServerThatDiesMidTrialFailsThatTrialAndTheRunGoesOn()
    {
        using var temp = new TempDirectory();
        const string knobs = """
              - name: lifetime
                kind: server_argument
                values: [2, 600]
            """;
        var command =
            "[\"timeout\", \"{lifetime}\", \"{mlenergy}\", \"sim-server\", \"--model\", \"{model}\", \"--port\", "
            + "\"{port}\"]";
        var space = ServingSpace.Write(temp.File("space.yaml"), knobs, "{ lifetime: 600 }", command);

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--out",
            temp.File("run")
        );

        // The configurations differ by less than the repeat-to-repeat noise: keep the current one (exit 5).
        run.ExitCode.Should().Be(5, run.Error);
        // On a loaded machine the 2 s server may die while starting rather than mid-trial: either way that trial
        // is infeasible with the exit code and the run goes on.
        run.Error.Should().Contain("lifetime=2: infeasible: the server exited with code 124");
        run.Out.Should().Contain("Recommendation: lifetime=600");
    }

    [Fact]
    public async Task AServerThatNeverBecomesHealthyIsAClearFailureAndNothingIsLeftRunning()
    {
        using var temp = new TempDirectory();
        var space = ServingSpace.Write(
            temp.File("space.yaml"),
            ServingSpace.BatchKnob,
            "{ max_num_seqs: 64 }",
            "[\"sleep\", \"917.{max_num_seqs}\"]",
            extraServer: "  start_timeout: 2s"
        );
        var text = File.ReadAllText(space).Replace("  start_timeout: 60s\n", string.Empty, StringComparison.Ordinal);
        File.WriteAllText(space, text);

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--out",
            temp.File("run")
        );

        run.ExitCode.Should().Be(3);
        run.Error.Should()
            .Contain("infeasible: the server did not become healthy at http://127.0.0.1:")
            .And.Contain("within 2 s");
        ServingSpace.AnyProcessWith("917.16").Should().BeFalse();
        ServingSpace.AnyProcessWith("917.64").Should().BeFalse();
    }

    [Fact]
    public async Task TheNextRunPutsBackWhatAKilledRunLeft()
    {
        using var temp = new TempDirectory();
        using var orphan = System.Diagnostics.Process.Start("sleep", "600.5");
        var journal = HostJournal.Open(temp.File("state"));
        journal.Record(JournalEntry.Server(orphan.Id, orphan.StartTime.ToUniversalTime(), "sleep 600.5"));
        var space = ServingSpace.Write(
            temp.File("space.yaml"),
            ServingSpace.BatchKnob,
            "{ max_num_seqs: 64 }",
            ServingSpace.SimServer
        );

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--dry-run"
        );

        run.Error.Should().Contain("would restore what an earlier run left: server process");
        orphan.HasExited.Should().BeFalse("a dry run changes nothing");

        run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--set",
            "max_num_seqs=64",
            "--out",
            temp.File("run")
        );

        run.Error.Should().Contain($"restored what an earlier run left: stopped server process {orphan.Id}");
        orphan.WaitForExit(5000).Should().BeTrue();
    }

    [Fact]
    public async Task ATemplateNamingAnUnknownKnobIsOneLineAndExitTwo()
    {
        using var temp = new TempDirectory();
        var space = ServingSpace.Write(
            temp.File("space.yaml"),
            ServingSpace.BatchKnob,
            "{ max_num_seqs: 64 }",
            "[\"{mlenergy}\", \"sim-server\", \"--max-num-seqs\", \"{batch}\"]"
        );

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--space",
            space,
            "--state-dir",
            temp.File("state")
        );

        run.ExitCode.Should().Be(2);
        run.Error.Trim()
            .Split('\n')
            .Should()
            .ContainSingle()
            .Which.Should()
            .Contain("names '{batch}', which is not a knob of this space");
    }

    [Fact]
    public async Task ATraceThatDoesNotParseNamesItsLineAndChangesNothing()
    {
        using var temp = new TempDirectory();
        var trace = temp.File("trace.jsonl");
        File.WriteAllLines(trace, ["{\"arrival_s\": 0, \"prompt\": \"hi\", \"max_tokens\": 8}", "not json"]);
        var space = ServingSpace.Write(
            temp.File("space.yaml"),
            ServingSpace.BatchKnob,
            "{ max_num_seqs: 64 }",
            ServingSpace.SimServer
        );

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--load",
            $"trace:{trace}"
        );

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain($"{trace} line 2:");
        Directory.Exists(Path.Combine(temp.File("state"), "runs")).Should().BeFalse();
    }
}
