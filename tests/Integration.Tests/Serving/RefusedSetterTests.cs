using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// A driver that locks the clocks and then fails the power limit (not for permission): the run stops with one line,
/// puts the clocks back, says which setting it could not put back and keeps it for <c>mlenergy restore</c>.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class RefusedSetterTests(NvmlStubFixture stub)
{
    [Fact]
    public async Task APowerLimitTheDriverFailsAfterTheClockWasSetStopsTheRunWithBothPutBack()
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        var space = SignalRestoreTests.LongTrialSpace(temp.File("space.yaml"));
        var state = temp.File("state");
        File.WriteAllText(stub.ReadbackPath, "fail_limit 0\n");
        (int ExitCode, string Output) run;
        try
        {
            run = await CliProcess.RunAsync(
                host.Environment,
                host.OptimizeArguments(space, state, temp.File("run"), "--budget", "1")
            );
        }
        finally
        {
            File.Delete(stub.ReadbackPath);
        }

        run.ExitCode.Should().Be(1, run.Output);
        run.Output.Should()
            .NotContain("internal error")
            .And.Contain("gpu0 refused power_limit_w: nvmlDeviceSetPowerManagementLimit: Unknown Error (999)")
            .And.Contain("gpu0: SM clocks reset to default")
            .And.Contain("1 GPU setting could not be put back");
        host.Gpu(0).Should().Be(StubHost.Gpu0Untouched, "the clocks are put back and the limit was never changed");
        HostJournal.Open(state).Entries.Should().ContainSingle().Which.Kind.Should().Be(JournalEntryKind.GpuPowerLimit);

        var restore = await CliProcess.RunAsync(host.Environment, "restore", "--state-dir", state);

        restore.ExitCode.Should().Be(0, restore.Output);
        restore.Output.Should().Contain("gpu0: power limit back to 700 W");
        HostJournal.Open(state).IsEmpty.Should().BeTrue();
    }
}
