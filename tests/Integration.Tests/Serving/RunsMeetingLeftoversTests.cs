using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// What a killed run leaves for the next one (a journal in an older version's form, a journal write cut short, lock
/// and holder files naming a process id now reused), and a driver that fails a setting on the last of three GPUs: each
/// GPU ends as it was found.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class RunsMeetingLeftoversTests(NvmlStubFixture stub)
{
    private const string Gpu0 = "GPU-5a1f0c3e-0000-4000-8000-000000000000";

    /// <summary>A journal as the first version wrote it: no limits set, no server launch keys.</summary>
    private const string FirstVersionJournal = """
        [
          {
            "kind": "gpu_clocks",
            "gpu": 0,
            "gpu_uuid": "GPU-5a1f0c3e-0000-4000-8000-000000000000",
            "description": "gpu0 SM clocks locked (reset to default)"
          },
          {
            "kind": "gpu_power_limit",
            "gpu": 0,
            "gpu_uuid": "GPU-5a1f0c3e-0000-4000-8000-000000000000",
            "original_power_limit_watts": 700,
            "description": "gpu0 power limit changed (original 700 W)"
          }
        ]
        """;

    [Fact]
    public async Task ARunAfterAnOlderVersionKilledMidJournalWritePutsTheGpuBackFirst()
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        var state = temp.File("state");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, HostJournal.FileName), FirstVersionJournal);
        // Killed while it wrote the next entry: the write goes to a temporary file, renamed only once complete.
        File.WriteAllText(Path.Combine(state, HostJournal.FileName + ".tmp"), "[\n  {\n    \"kind\": \"gpu_po");
        host.SetByHand(0, 300, 345, 1200);
        var space = ExternalSpace.Write(
            temp.File("space.yaml"),
            SignalRestoreTests.GpuKnobs.Replace("[300]", "[400]", StringComparison.Ordinal),
            ExternalSpace.SimEnergy,
            trial: "  gpus: [0]"
        );

        var run = await CliProcess.RunAsync(
            host.Environment,
            host.OptimizeArguments(space, state, temp.File("run"), "--budget", "1")
        );

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should()
            .Contain("restored what an earlier run left: gpu0: SM clocks reset to default")
            .And.Contain("restored what an earlier run left: gpu0: power limit back to 700 W");
        host.Gpu(0).Should().Be(StubHost.Gpu0Untouched);
        HostJournal.Open(state).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task LockAndHolderFilesAKilledRunLeftNamingAReusedProcessIdDoNotHoldTheGpu()
    {
        using var temp = new TempDirectory();
        var state = temp.File("state");
        HostJournal.Open(state).Record(JournalEntry.PowerLimit(0, Gpu0, 700, settingWatts: 300));
        Directory.CreateDirectory(LockFolder.Path);
        foreach (var name in new[] { LockName.Gpu(0, Gpu0), LockName.State(state) })
        {
            // Process 1 is alive (it is init), as a killed run's reused process id would be.
            File.WriteAllText(Path.Combine(LockFolder.Path, name.Key + ".lock"), "");
            File.WriteAllText(Path.Combine(LockFolder.Path, name.Key + ".holder"), "1\noptimize, run killed\n");
        }

        var before = stub.Calls().Count;

        var restore = await CliRun.RunAsync("restore", "--state-dir", state);

        restore.ExitCode.Should().Be(0, restore.Error);
        stub.Calls().Skip(before).Should().Equal("nvmlDeviceSetPowerManagementLimit 0 700000");
        HostJournal.Open(state).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task ADriverFailingTheLastOfThreeGpusStopsTheRunWithTheOthersPutBack()
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        var space = ExternalSpace.Write(
            temp.File("space.yaml"),
            SignalRestoreTests.GpuKnobs.Replace("[300]", "[200]", StringComparison.Ordinal),
            ExternalSpace.SimEnergy,
            trial: "  gpus: [0, 1, 2]"
        );
        var state = temp.File("state");
        File.WriteAllText(stub.ReadbackPath, "may_set 1\nfail_limit 2\n");
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
            File.WriteAllText(stub.ReadbackPath, "may_set 1\n");
        }

        try
        {
            run.ExitCode.Should().Be(1, run.Output);
            run.Output.Should().Contain("gpu2 refused power_limit_w").And.NotContain("internal error");
            host.Gpu(0).Should().Be(StubHost.Gpu0Untouched);
            host.Gpu(1).Should().Be("1 700000 0 0");
            host.Gpu(2).Should().Be("2 250000 0 0", "its clocks are reset and its limit was never changed");
            HostJournal.Open(state).Entries.Should().ContainSingle().Which.Gpu.Should().Be(2);

            var restore = await CliProcess.RunAsync(host.Environment, "restore", "--state-dir", state);

            restore.ExitCode.Should().Be(0, restore.Output);
            HostJournal.Open(state).IsEmpty.Should().BeTrue();
            host.Gpu(2).Should().Be("2 250000 0 0");
        }
        finally
        {
            File.Delete(stub.ReadbackPath);
        }
    }
}
