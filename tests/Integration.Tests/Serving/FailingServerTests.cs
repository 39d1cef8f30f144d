using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// A server command that exits at once makes infeasible trials with the end of its stderr, not a crash.
/// </summary>
[Collection(ServingGroup.Name)]
public sealed class FailingServerTests
{
    [Fact]
    public async Task AServerThatExitsAtOnceIsAnInfeasibleTrialWithTheTailOfItsStderrAndTheRunGoesOn()
    {
        using var temp = new TempDirectory();
        var space = ServingSpace.Write(
            temp.File("space.yaml"),
            ServingSpace.BatchKnob,
            "{ max_num_seqs: 16 }",
            "[\"sh\", \"-c\", \"echo ValueError: max_num_seqs $0 too large >&2; exit 1\", \"{max_num_seqs}\"]"
        );
        var state = temp.File("state");

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--space",
            space,
            "--state-dir",
            state,
            "--out",
            temp.File("run")
        );

        run.ExitCode.Should().Be(3, run.Error);
        run.Error.Should().NotContain("internal error").And.NotContain("InvalidOperationException");
        var result = await File.ReadAllTextAsync(temp.File("run/result.json"));
        result.Should().Contain("exited with code 1").And.Contain("stderr ends: ValueError: max_num_seqs 16 too large");
        HostJournal.Open(state).IsEmpty.Should().BeTrue();
    }
}
