using System.Net;
using System.Net.Sockets;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// The host session of a nightly run and of a refused run: nothing left running, nothing touched early.
/// </summary>
[Collection(ServingGroup.Name)]
public sealed class NightlySessionTests
{
    [Fact]
    public async Task ANightlyRunWithoutDriftLeavesNoServerRunningAndNoJournalEntry()
    {
        using var temp = new TempDirectory();
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var space = ServingSpace.Write(
            temp.File("space.yaml"),
            ServingSpace.BatchKnob,
            "{ max_num_seqs: 64 }",
            SteadyServer,
            extraServer: $"  port: {port}"
        );
        var state = temp.File("state");
        string[] args =
        [
            "optimize",
            "--slo",
            "p50 tpot<=800ms",
            "--space",
            space,
            "--state-dir",
            state,
            "--set",
            "max_num_seqs=64",
        ];
        // One configuration, the baseline itself: the advice is to keep it (exit 5).
        (await CliRun.RunAsync(args))
            .ExitCode.Should()
            .Be(5);

        var night = await CliRun.RunAsync([.. args, "--nightly"]);

        night.ExitCode.Should().Be(0, "the same server measured again did not drift: " + night.Out + night.Error);
        night.Out.Should().Contain("no drift");
        ServingSpace.AnyProcessWith(port).Should().BeFalse("the re-check's server was stopped");
        File.Exists(Path.Combine(state, HostJournal.FileName))
            .Should()
            .BeFalse("every server was stopped and forgotten");
    }

    [Fact]
    public async Task ARequestThatFailsValidationRestoresNothingThatAKilledRunLeft()
    {
        using var temp = new TempDirectory();
        using var orphan = System.Diagnostics.Process.Start("sleep", "600.7");
        var state = temp.File("state");
        var left = JournalEntry.Server(orphan.Id, orphan.StartTime.ToUniversalTime(), "sleep 600.7");
        HostJournal.Open(state).Record(left);
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
            state,
            "--set",
            "max_num_seqs=999"
        );

        run.ExitCode.Should().Be(2, run.Error);
        orphan.HasExited.Should().BeFalse("nothing is restored before the request has been validated");
        HostJournal.Open(state).Entries.Should().ContainSingle();
        orphan.Kill();
    }

    /// <summary>
    /// The sim-server at a fifth of the GPU's speed: its steps last 40-60 ms of wall time, so the few milliseconds a
    /// loaded test machine delays a process are within the drift floor, and a median, not a p99 that picks the one
    /// request the machine delayed most, is compared. The same server measured twice must not drift on a busy box.
    /// </summary>
    private const string SteadyServer =
        "[\"{mlenergy}\", \"sim-server\", \"--model\", \"{model}\", \"--max-num-seqs\", \"{max_num_seqs}\", "
        + "\"--time-scale\", \"0.2\", \"--port\", \"{port}\"]";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
