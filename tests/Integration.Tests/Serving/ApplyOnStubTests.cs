using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Recommender.Results;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// GPU knobs tuned on a running server (the NVML stub's gpu0, metered through its energy counter), then
/// <c>mlenergy apply</c> sets the recommendation for good and <c>mlenergy restore</c> puts the originals back.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class ApplyOnStubTests(NvmlStubFixture stub)
{
    private const string GpuKnobs = """
          - name: sm_clock_mhz
            kind: gpu_sm_clock_cap
            values: [1200, 1980]
          - name: power_limit_w
            kind: gpu_power_limit
            values: [400]
        """;

    [Fact]
    public async Task ApplySetsTheRecommendedGpuKnobsJournalsTheOriginalsAndRestorePutsThemBack()
    {
        using var temp = new TempDirectory();
        var state = temp.File("state");
        var (id, clock) = await TuneAsync(temp, state);
        var before = stub.Calls().Count;

        var apply = await CliRun.RunAsync("apply", id, "--state-dir", state, "--gpus", "0");

        apply.ExitCode.Should().Be(0, apply.Error);
        stub.Calls()
            .Skip(before)
            .Should()
            .Equal($"nvmlDeviceSetGpuLockedClocks 0 345 {clock}", "nvmlDeviceSetPowerManagementLimit 0 400000");
        apply
            .Out.Should()
            .Contain("gpu0: power limit (W) set to 400 (power_limit_w)")
            .And.Contain("'mlenergy restore' puts the original GPU settings back");
        var journal = HostJournal.Open(state).Entries;
        journal.Select(e => e.Kind).Should().Equal(JournalEntryKind.GpuClocks, JournalEntryKind.GpuPowerLimit);
        journal[1].OriginalPowerLimitWatts.Should().Be(700);

        var restore = await CliRun.RunAsync("restore", "--state-dir", state);

        restore.ExitCode.Should().Be(0, restore.Error);
        stub.Calls()
            .Skip(before + 2)
            .Should()
            .Equal("nvmlDeviceResetGpuLockedClocks 0", "nvmlDeviceSetPowerManagementLimit 0 700000");
        HostJournal.Open(state).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task ApplyToEveryGpuBesideALostOneRefusesInOneLineNamingItAndChangesNothing()
    {
        // Before, NVML's bare "GPU is lost" came from taking the GPU locks, naming no GPU.
        using var temp = new TempDirectory();
        var state = temp.File("state");
        var (id, _) = await TuneAsync(temp, state);
        var before = stub.Calls().Count;
        File.WriteAllText(stub.ReadbackPath, "lost 1\n");
        try
        {
            var apply = await CliRun.RunAsync("apply", id, "--state-dir", state);

            apply.ExitCode.Should().Be(2, apply.Error);
            apply
                .ErrorLines.Should()
                .Equal(
                    "mlenergy: apply needs gpu1, which the driver cannot reach: nvmlDeviceGetHandleByIndex_v2: GPU is "
                        + "lost (15) (--gpus can leave it out)"
                );
            stub.Calls().Skip(before).Should().BeEmpty();
            HostJournal.Open(state).IsEmpty.Should().BeTrue();
        }
        finally
        {
            File.Delete(stub.ReadbackPath);
        }
    }

    [Fact]
    public async Task ApplyWhileGovernHoldsTheGpuIsRefusedAndChangesNothing()
    {
        using var temp = new TempDirectory();
        var state = temp.File("state");
        var (id, _) = await TuneAsync(temp, state);
        var before = stub.Calls().Count;
        using var govern = HostLocks.Acquire(
            LockFolder.Path,
            [LockName.Gpu(0, "GPU-5a1f0c3e-0000-4000-8000-000000000000")],
            "govern http://127.0.0.1:8000/, state directory /srv/govern"
        );

        var apply = await CliRun.RunAsync("apply", id, "--state-dir", state, "--gpus", "0", "--force");

        apply.ExitCode.Should().Be(6, apply.Error);
        apply.ErrorLines.Should().ContainSingle().Which.Should().Contain("govern http://127.0.0.1:8000/");
        stub.Calls().Skip(before).Should().BeEmpty();
        HostJournal.Open(state).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task ADryRunPrintsTheChangesAndApplyOnARefusedGpuNamesTheFix()
    {
        using var temp = new TempDirectory();
        var state = temp.File("state");
        var (id, clock) = await TuneAsync(temp, state);
        var before = stub.Calls().Count;

        var dryRun = await CliRun.RunAsync("apply", id, "--state-dir", state, "--gpus", "0", "--dry-run");
        var refused = await CliRun.RunAsync("apply", id, "--state-dir", state, "--gpus", "1");

        dryRun.ExitCode.Should().Be(0, dryRun.Error);
        dryRun
            .Out.Should()
            .Contain($"would lock gpu0 SM clocks to 345-{clock} MHz (sm_clock_mhz)")
            .And.Contain("nothing was changed");
        refused.ExitCode.Should().Be(1);
        refused
            .ErrorLines.Should()
            .ContainSingle()
            .Which.Should()
            .Contain("no permission to change sm_clock_mhz on gpu1")
            .And.Contain(MLEnergy.Runtime.Actuators.GpuPermissionException.Fix);
        stub.Calls().Skip(before).Should().BeEmpty();
        HostJournal.Open(state).IsEmpty.Should().BeTrue("nothing was changed, so there is nothing to restore");
    }

    [Fact]
    public async Task OnMixedGpusAPowerLimitOutsideOneGpusRangeChangesNoGpuAndIsNeverACrash()
    {
        using var temp = new TempDirectory();
        var state = temp.File("state");
        var (id, _) = await TuneAsync(temp, state);
        var before = stub.Calls().Count;

        var dryRun = await CliRun.RunAsync("apply", id, "--state-dir", state, "--gpus", "0,2", "--dry-run");
        var apply = await CliRun.RunAsync("apply", id, "--state-dir", state, "--gpus", "0,2");

        dryRun.ExitCode.Should().Be(0, dryRun.Error);
        dryRun.Out.Should().Contain("would refuse: power_limit_w=400 W is outside gpu2's power limit range 125-250 W");
        apply.ExitCode.Should().Be(1, apply.Error);
        apply
            .ErrorLines.Should()
            .ContainSingle()
            .Which.Should()
            .Be("mlenergy: power_limit_w=400 W is outside gpu2's power limit range 125-250 W");
        stub.Calls().Skip(before).Should().BeEmpty("no clock is locked before the limit is found out of range");
        HostJournal.Open(state).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task TuningMixedGpusMakesAnOutOfRangePowerLimitAnInfeasibleTrialWithTheReason()
    {
        using var temp = new TempDirectory();
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 64, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        const string knobs = """
              - name: power_limit_w
                kind: gpu_power_limit
                values: [200, 400]
            """;
        var space = ExternalSpace.Write(temp.File("space.yaml"), knobs, trial: "  gpus: [0, 2]");
        var state = temp.File("state");

        var dryRun = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--target",
            address.ToString(),
            "--space",
            space,
            "--state-dir",
            state,
            "--strategy",
            "grid",
            "--dry-run"
        );
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--target",
            address.ToString(),
            "--space",
            space,
            "--state-dir",
            state,
            "--strategy",
            "grid",
            "--out",
            temp.File("run")
        );

        dryRun.ExitCode.Should().Be(0, dryRun.Error);
        dryRun.Out.Should().Contain("would refuse: power_limit_w=400 W is outside gpu2's power limit range");
        run.Error.Should().NotContain("internal error");
        (await File.ReadAllTextAsync(temp.File("run/result.json")))
            .Should()
            .Contain("power_limit_w=400 W is outside gpu2's power limit range 125-250 W");
        HostJournal.Open(state).IsEmpty.Should().BeTrue();
    }

    /// <summary>
    /// Tunes the GPU knobs of gpu0 behind a running sim-server; returns the run id and the recommended clock cap.
    /// </summary>
    private static async Task<(string Id, string Clock)> TuneAsync(TempDirectory temp, string state)
    {
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 64, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        var space = ExternalSpace.Write(temp.File("space.yaml"), GpuKnobs, trial: "  gpus: [0]");
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--target",
            address.ToString(),
            "--space",
            space,
            "--state-dir",
            state,
            "--strategy",
            "grid"
        );
        run.ExitCode.Should().Be(0, run.Error);
        HostJournal.Open(state).IsEmpty.Should().BeTrue("the tuner puts every GPU setting back when it ends");
        var id = Path.GetFileName(Directory.GetDirectories(Path.Combine(state, "runs")).Single());
        var result = ResultJsonReader.Read(await File.ReadAllTextAsync(Path.Combine(state, "runs", id, "result.json")));
        return (id, result.Selection.Recommended!.Configuration["sm_clock_mhz"].Text);
    }
}
