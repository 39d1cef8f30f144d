using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// One tuner per GPU on a host, whatever its state directory: while another mlenergy process holds gpu0, optimize,
/// apply and restore refuse before touching anything, with exit code 6 and the holder's process id.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class HostLockTests(NvmlStubFixture stub)
{
    private const string Gpu0 = "GPU-5a1f0c3e-0000-4000-8000-000000000000";

    private const string GpuKnobs = """
          - name: sm_clock_mhz
            kind: gpu_sm_clock_cap
            values: [1200]
          - name: power_limit_w
            kind: gpu_power_limit
            values: [300]
        """;

    [Fact]
    public async Task AnOptimizeOnAGpuAnotherRunHoldsIsRefusedWithExitCode5NamingTheHolder()
    {
        using var temp = new TempDirectory();
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 64, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        var space = ExternalSpace.Write(temp.File("space.yaml"), GpuKnobs, trial: "  gpus: [0]");
        var before = stub.Calls().Count;
        using var other = HoldGpu0("optimize, state directory /srv/other-run");

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--target",
            address.ToString(),
            "--space",
            space,
            "--state-dir",
            temp.File("state")
        );

        run.ExitCode.Should().Be(6, run.Error);
        run.ErrorLines.Should()
            .ContainSingle()
            .Which.Should()
            .Contain($"gpu0 ({Gpu0}) is in use by another mlenergy process (pid {Environment.ProcessId}")
            .And.Contain("/srv/other-run")
            .And.Contain("nothing was changed");
        stub.Calls().Skip(before).Should().BeEmpty();
        HostJournal.Open(temp.File("state")).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task RestoreOfAGpuAnotherRunHoldsIsRefusedAndTheJournalIsKept()
    {
        using var temp = new TempDirectory();
        var state = temp.File("state");
        HostJournal.Open(state).Record(JournalEntry.PowerLimit(0, Gpu0, 700));
        var before = stub.Calls().Count;
        using var other = HoldGpu0("optimize, state directory /srv/other-run");

        var restore = await CliRun.RunAsync("restore", "--state-dir", state);

        restore.ExitCode.Should().Be(6, restore.Error);
        restore.Error.Should().Contain($"pid {Environment.ProcessId}");
        stub.Calls().Skip(before).Should().BeEmpty();
        HostJournal.Open(state).Entries.Should().ContainSingle();

        other.Dispose();
        var after = await CliRun.RunAsync("restore", "--state-dir", state);

        after.ExitCode.Should().Be(0, after.Error);
        stub.Calls().Skip(before).Should().Equal("nvmlDeviceSetPowerManagementLimit 0 700000");
    }

    [Fact]
    public async Task TwoRunsOnOneStateDirectoryDoNotShareIt()
    {
        using var temp = new TempDirectory();
        var state = temp.File("state");
        HostJournal.Open(state).Record(JournalEntry.Clocks(0, Gpu0));
        using var other = HostLocks.Acquire(
            LockFolder.Path,
            [LockName.State(state)],
            "optimize, state directory " + state
        );

        var restore = await CliRun.RunAsync("restore", "--state-dir", state);

        restore.ExitCode.Should().Be(6, restore.Error);
        restore.Error.Should().Contain("state directory").And.Contain($"pid {Environment.ProcessId}");
        HostJournal.Open(state).Entries.Should().ContainSingle();
    }

    private static HostLocks HoldGpu0(string holder) =>
        HostLocks.Acquire(LockFolder.Path, [LockName.Gpu(0, Gpu0)], holder);
}
