using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// Runs that meet while one of them runs: a GPU the other holds is never put back or changed under it, whichever
/// command (govern, restore) finds it in its journal, and a state directory is one directory however it is spelled
/// (through a symbolic link, a relative path).
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class RunsMeetingLockTests(NvmlStubFixture stub)
{
    private const string Gpu2 = "GPU-5a1f0c3e-0000-4000-8000-000000000002";

    [Fact]
    public async Task GovernRefusesAJournaledGpuAnotherRunHoldsAndLeavesItsSetting()
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        var state = temp.File("govern-state");
        // A killed govern left gpu2 at 200 W; another run now tunes gpu2 (from 200 W, which it will put back).
        host.SetByHand(2, 200);
        HostJournal.Open(state).Record(JournalEntry.PowerLimit(2, Gpu2, 250, settingWatts: 200));
        using var other = HostLocks.Acquire(LockFolder.Path, [LockName.Gpu(2, Gpu2)], "optimize, run other");
        var before = stub.Calls().Count;

        using var govern = new CliProcess(host.Environment, GovernArguments(host, temp, state, "--gpus", "0"));
        await govern.WaitUntilAsync(
            () => govern.HasExited || govern.Output.Contains("set band", StringComparison.Ordinal),
            "exited or set a band"
        );

        govern.HasExited.Should().BeTrue("govern may not restore a GPU another run holds: " + govern.Output);
        (await govern.WaitForExitAsync()).Should().Be(6, govern.Output);
        govern.Output.Should().Contain($"{Gpu2} is in use by another mlenergy process").And.Contain("run other");
        stub.Calls().Skip(before).Should().BeEmpty("nothing is changed when govern is refused");
        host.Gpu(2).Should().StartWith("2 200000 ");
        HostJournal.Open(state).Entries.Should().ContainSingle();
    }

    [Fact]
    public async Task AnOptimizeMeetingGovernOnItsGpuIsRefusedAndGovernPutsTheGpuBackAtItsEnd()
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        using var govern = new CliProcess(
            host.Environment,
            GovernArguments(host, temp, temp.File("govern-state"), "--gpus", "0")
        );
        await govern.WaitUntilAsync(() => host.Gpu(0) == "0 300000 345 900", "set band 0 on gpu0");
        var space = SignalRestoreTests.LongTrialSpace(temp.File("space.yaml"));

        var optimize = await CliProcess.RunAsync(
            host.Environment,
            host.OptimizeArguments(space, temp.File("optimize-state"), temp.File("run"))
        );

        optimize.ExitCode.Should().Be(6, optimize.Output);
        optimize.Output.Should().Contain("is in use by another mlenergy process").And.Contain("govern");
        host.Gpu(0).Should().Be("0 300000 345 900", "govern's band stays while it runs");
        await govern.SignalAsync("TERM");
        (await govern.WaitForExitAsync()).Should().Be(130, govern.Output);
        host.Gpu(0).Should().Be(StubHost.Gpu0Untouched);
    }

    [Fact]
    public async Task GovernMeetingAnOptimizeOnItsGpuIsRefusedAndTheOptimizePutsTheGpuBackAtItsEnd()
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        var space = SignalRestoreTests.LongTrialSpace(temp.File("space.yaml"));
        using var optimize = new CliProcess(
            host.Environment,
            host.OptimizeArguments(space, temp.File("optimize-state"), temp.File("run"))
        );
        await optimize.WaitUntilAsync(() => host.Gpu(0) == "0 300000 345 1200", "set gpu0 to 300 W and 1200 MHz");

        var govern = await CliProcess.RunAsync(
            host.Environment,
            GovernArguments(host, temp, temp.File("govern-state"), "--gpus", "0")
        );

        govern.ExitCode.Should().Be(6, govern.Output);
        govern.Output.Should().Contain("is in use by another mlenergy process").And.Contain("optimize");
        host.Gpu(0).Should().Be("0 300000 345 1200", "the optimize's trial keeps its settings");
        await optimize.SignalAsync("TERM");
        (await optimize.WaitForExitAsync()).Should().Be(130, optimize.Output);
        host.Gpu(0).Should().Be(StubHost.Gpu0Untouched);
    }

    [Fact]
    public async Task AStateDirectoryReachedThroughASymbolicLinkIsTheOneItLinksTo()
    {
        using var temp = new TempDirectory();
        var state = temp.File("state");
        HostJournal.Open(state).Record(JournalEntry.Clocks(2, Gpu2));
        var link = temp.File("state-link");
        Directory.CreateSymbolicLink(link, state);
        using var other = HostLocks.Acquire(LockFolder.Path, [LockName.State(state)], "optimize, run other");
        var before = stub.Calls().Count;

        var restore = await CliRun.RunAsync("restore", "--state-dir", link);

        restore.ExitCode.Should().Be(6, restore.Error);
        restore.Error.Should().Contain("state directory").And.Contain("run other");
        stub.Calls().Skip(before).Should().BeEmpty();
        HostJournal.Open(state).Entries.Should().ContainSingle();
    }

    [Fact]
    public void AStateDirectoryIsOneLockHoweverItsPathIsSpelled()
    {
        using var temp = new TempDirectory();
        var state = temp.File("state");
        Directory.CreateDirectory(Path.Combine(state, "runs"));
        var link = temp.File("link");
        Directory.CreateSymbolicLink(link, temp.Path);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, state);

        LockName
            .State(Path.Combine(link, "state", "runs", ".."))
            .Should()
            .Be(LockName.State(state))
            .And.Be(LockName.State(state + "/"))
            .And.Be(LockName.State(relative));
    }

    private static string[] GovernArguments(StubHost host, TempDirectory temp, string state, params string[] more)
    {
        GovernProcess.WriteTwoBandPlan(temp.File("plan.json"));
        return
        [
            "govern",
            "--plan",
            temp.File("plan.json"),
            "--target",
            host.Address.ToString(),
            "--gpu-control",
            "nvml",
            "--interval",
            "0.2s",
            "--window",
            "1s",
            "--state-dir",
            state,
            .. more,
        ];
    }
}
