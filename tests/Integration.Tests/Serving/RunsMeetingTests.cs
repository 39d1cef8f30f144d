using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// Runs that meet on a GPU one after another, with different state directories: each puts back what it found, a
/// setting made by hand after a killed run is not overwritten, and what <c>apply</c> set stays set.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class RunsMeetingTests(NvmlStubFixture stub)
{
    [Fact]
    public async Task ALimitSetByHandAfterAKilledRunIsKeptByTheNextRunAndByRestore()
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        var killed = temp.File("killed-state");
        using (var run = Optimize(host, SignalRestoreTests.LongTrialSpace(temp.File("long.yaml")), killed, "a"))
        {
            await run.WaitUntilAsync(() => host.Gpu(0) == "0 300000 345 1200", "set gpu0 to 300 W and 1200 MHz");
            await run.SignalAsync("KILL");
            await run.WaitForExitAsync();
        }

        host.SetByHand(0, 500);
        var next = await RunAsync(host, ShortSpace(temp.File("short.yaml"), 400), temp.File("other-state"), "b");

        next.ExitCode.Should().Be(0, next.Output);
        host.Gpu(0).Should().StartWith("0 500000 ", "the next run puts back what it found: the limit set by hand");

        var restore = await CliProcess.RunAsync(host.Environment, "restore", "--state-dir", killed);

        restore.ExitCode.Should().Be(0, restore.Output);
        restore.Output.Should().Contain("gpu0: power limit left at 500 W, set by hand since mlenergy set 300 W");
        host.Gpu(0).Should().StartWith("0 500000 ");
        HostJournal.Open(killed).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task ARunAfterApplyPutsBackTheAppliedLimitAndRestoreOfTheApplyTheOriginal()
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        var first = await RunAsync(host, ShortSpace(temp.File("300.yaml"), 300), temp.File("tune-state"), "a");
        first.ExitCode.Should().Be(0, first.Output);
        var applyState = temp.File("apply-state");
        var apply = await CliProcess.RunAsync(
            host.Environment,
            ["apply", temp.File("a"), "--state-dir", applyState, "--gpus", "0", "--force"]
        );
        apply.ExitCode.Should().Be(0, apply.Output);
        host.Gpu(0).Should().StartWith("0 300000 ");

        var next = await RunAsync(host, ShortSpace(temp.File("400.yaml"), 400), temp.File("tune-state"), "b");

        next.ExitCode.Should().Be(0, next.Output);
        host.Gpu(0).Should().StartWith("0 300000 ", "the limit apply set is what the run found and puts back");

        var restore = await CliProcess.RunAsync(host.Environment, "restore", "--state-dir", applyState);

        restore.ExitCode.Should().Be(0, restore.Output);
        host.Gpu(0).Should().StartWith("0 700000 ", "undoing apply puts back the limit from before it");
    }

    private static string ShortSpace(string path, int watts) =>
        ExternalSpace.Write(
            path,
            SignalRestoreTests.GpuKnobs.Replace("[300]", $"[{watts}]", StringComparison.Ordinal),
            ExternalSpace.SimEnergy,
            trial: "  gpus: [0]"
        );

    private static Task<(int ExitCode, string Output)> RunAsync(
        StubHost host,
        string space,
        string state,
        string folder
    ) =>
        CliProcess.RunAsync(
            host.Environment,
            host.OptimizeArguments(space, state, Output(state, folder), "--budget", "1")
        );

    private static CliProcess Optimize(StubHost host, string space, string state, string folder) =>
        new(host.Environment, host.OptimizeArguments(space, state, Output(state, folder)));

    /// <summary>The run folder <paramref name="folder"/> beside the state directory.</summary>
    private static string Output(string state, string folder) => Path.Combine(Path.GetDirectoryName(state)!, folder);
}
