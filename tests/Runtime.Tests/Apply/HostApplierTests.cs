using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Apply;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Apply;

public sealed class HostApplierTests : IDisposable
{
    private static readonly SearchSpace Space = new()
    {
        Name = "host",
        Target = "http://127.0.0.1:8000",
        Knobs =
        [
            new(
                "sm_clock_mhz",
                KnobKind.GpuSmClockCap,
                [KnobValue.Of(1200), KnobValue.Of(1980)],
                RestartsServer: false
            ),
            new("power_limit_w", KnobKind.GpuPowerLimit, [KnobValue.Of(400), KnobValue.Of(700)], RestartsServer: false),
            new("max_num_seqs", KnobKind.ServerBatchSize, [KnobValue.Of(64)], RestartsServer: true),
        ],
    };

    private static readonly Configuration Chosen = Configuration.Of(
        ("sm_clock_mhz", "1200"),
        ("power_limit_w", "400"),
        ("max_num_seqs", "64")
    );

    private readonly TempFolder _state = new();

    [Fact]
    public async Task ApplySetsTheGpuKnobsJournalsTheOriginalsAndLeavesThemSet()
    {
        var control = new FakeGpuControl();

        var lines = await new HostApplier(() => control, new ApplySettings(_state.Path)).ApplyAsync(
            Space,
            Chosen,
            CancellationToken.None
        );

        control.Calls.Should().Equal("lock 0 345 1200", "lock 1 345 1200", "limit 0 400", "limit 1 400");
        var journal = HostJournal.Open(_state.Path).Entries;
        journal.Should().HaveCount(4);
        journal
            .Where(e => e.Kind == JournalEntryKind.GpuPowerLimit)
            .Select(e => e.OriginalPowerLimitWatts)
            .Should()
            .Equal(700.0, 700.0);
        lines
            .Should()
            .Contain("gpu1: power limit (W) set to 400 (power_limit_w)")
            .And.Contain(l =>
                l.StartsWith(
                    "left set: 'mlenergy restore' puts the original GPU settings back",
                    StringComparison.Ordinal
                )
            )
            .And.Contain(
                "server flags to use (mlenergy does not restart a server it did not launch): --max-num-seqs 64"
            );
    }

    [Fact]
    public async Task AppliedSettingsAreMarkedSoARunOnTheirStateDirectorySaysItUndoesThem()
    {
        var control = new FakeGpuControl();

        await new HostApplier(() => control, new ApplySettings(_state.Path)).ApplyAsync(
            Space,
            Chosen,
            CancellationToken.None
        );

        var journal = HostJournal.Open(_state.Path);
        journal.Entries.Select(e => e.Applied).Should().Equal(true, true, true, true);
        JournalLeftovers.What(journal).Should().Be("what 'mlenergy apply' left set");
        JournalLeftovers.AppliedUndone(journal).Should().Contain("go back to what was there before apply");
    }

    [Fact]
    public async Task ADryRunPrintsEachChangeAndChangesNothing()
    {
        var control = new FakeGpuControl();
        var settings = new ApplySettings(_state.Path) { Gpus = [1], DryRun = true };

        var lines = await new HostApplier(() => control, settings).ApplyAsync(Space, Chosen, CancellationToken.None);

        control.Calls.Should().BeEmpty();
        HostJournal.Open(_state.Path).IsEmpty.Should().BeTrue();
        lines
            .Should()
            .Contain("would lock gpu1 SM clocks to 345-1200 MHz (sm_clock_mhz)")
            .And.Contain("would set gpu1 power limit to 400 W (power_limit_w)");
    }

    [Fact]
    public async Task ARefusedGpuIsAPermissionErrorThatNamesTheFixAndLeavesNothingToRestore()
    {
        var control = new FakeGpuControl(1) { Refuse = true };

        var apply = () =>
            new HostApplier(() => control, new ApplySettings(_state.Path)).ApplyAsync(
                Space,
                Chosen,
                CancellationToken.None
            );

        await apply
            .Should()
            .ThrowAsync<GpuPermissionException>()
            .WithMessage("no permission to change sm_clock_mhz on gpu0: *root*CAP_SYS_ADMIN*");
        HostJournal.Open(_state.Path).IsEmpty.Should().BeTrue();
        control.Disposed.Should().BeTrue("apply closes the GPUs it opened, also when it fails");
    }

    [Fact]
    public async Task AGpuTheDriverFailsPutsBackWhatThisApplySetOnTheOthersInsteadOfLeavingThemHalfSet()
    {
        var control = new FakeGpuControl(3) { Broken = 1 };
        var earlier = new GpuKnobActuator(control, HostJournal.Open(_state.Path), [2]);
        earlier.Apply(Space.Knobs, Configuration.Of(("power_limit_w", "500"))); // an earlier apply, left set
        control.Calls.Clear();

        var apply = () =>
            new HostApplier(() => control, new ApplySettings(_state.Path) { Gpus = [0, 2, 1] }).ApplyAsync(
                Space,
                Configuration.Of(("power_limit_w", "400"), ("max_num_seqs", "64")),
                CancellationToken.None
            );

        await apply
            .Should()
            .ThrowAsync<GpuSetException>()
            .WithMessage("gpu1 refused power_limit_w: *; 1 GPU setting could not be put back; they stay in *");
        control.Calls.Should().Equal("limit 0 400", "limit 2 400", "limit 0 700", "limit 2 500");
        control.GetPowerLimit(2).Should().Be(Units.Power.FromWatts(500), "the earlier apply's limit stays");
        HostJournal
            .Open(_state.Path)
            .Entries.Select(e => (e.Gpu, e.Kind))
            .Should()
            .BeEquivalentTo([(2, JournalEntryKind.GpuPowerLimit), (1, JournalEntryKind.GpuPowerLimit)]);
    }

    [Fact]
    public async Task AnEarlierApplysLimitThatCannotBeSetAgainIsNamedWithWhatStaysAndTheRestoreThatPutsItBack()
    {
        // Before, the driver's error on putting gpu2's 500 W back was swallowed: gpu2 stayed at 400 W unsaid.
        var control = new FakeGpuControl(3) { Broken = 1 };
        var earlier = new GpuKnobActuator(control, HostJournal.Open(_state.Path), [2]);
        earlier.Apply(Space.Knobs, Configuration.Of(("power_limit_w", "500"))); // an earlier apply, left set
        control.Fails = call => call == "limit 2 500";

        var apply = () =>
            new HostApplier(() => control, new ApplySettings(_state.Path) { Gpus = [0, 2, 1] }).ApplyAsync(
                Space,
                Configuration.Of(("power_limit_w", "400")),
                CancellationToken.None
            );

        var lines = (await apply.Should().ThrowAsync<GpuSetException>()).Which.Message.Split('\n');
        lines[0].Should().Match("gpu1 refused power_limit_w: *; 2 GPU settings could not be put back; they stay in *");
        lines.Should().HaveCount(3);
        lines[1].Should().StartWith("cannot restore 'gpu1 ");
        lines[2]
            .Should()
            .Match(
                "gpu2: power limit stays at 400 W, not back to the earlier apply's 500 W: *Unknown Error*; the journal "
                    + "keeps its original (700 W): 'mlenergy restore' puts it back"
            );
        control.GetPowerLimit(2).Should().Be(Units.Power.FromWatts(400));
        HostJournal
            .Open(_state.Path)
            .Entries.Single(e => e.Gpu == 2)
            .OriginalPowerLimitWatts.Should()
            .Be(700, "the restore that the line names puts back the original");
    }

    [Fact]
    public async Task AnNvmlReadThatFailsPartWayPutsBackWhatThisApplySetOnTheGpusBeforeIt()
    {
        // gpu0's clocks are locked; then gpu1 does not give its supported clocks: gpu0 goes back, nothing stays.
        var control = new FakeGpuControl { NoClockList = 1 };

        var apply = () =>
            new HostApplier(() => control, new ApplySettings(_state.Path)).ApplyAsync(
                Space,
                Chosen,
                CancellationToken.None
            );

        await apply
            .Should()
            .ThrowAsync<MLEnergy.Profiler.Nvml.NvmlException>()
            .WithMessage("nvmlDeviceGetSupportedMemoryClocks: Not Supported*");
        control.Calls.Should().Equal("lock 0 345 1200", "reset 0");
        HostJournal.Open(_state.Path).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task AClockCapAloneIsAppliedOnGpusThatDoNotReportTheirPowerLimit()
    {
        var control = new FakeGpuControl { NoLimitReadings = true };

        var lines = await new HostApplier(() => control, new ApplySettings(_state.Path)).ApplyAsync(
            Space,
            Configuration.Of(("sm_clock_mhz", "1200")),
            CancellationToken.None
        );

        control.Calls.Should().Equal("lock 0 345 1200", "lock 1 345 1200");
        lines.Should().Contain("gpu1: SM clock cap (MHz) set to 1200 (sm_clock_mhz)");
    }

    [Fact]
    public void AReplayedOrSimulatedRunHasNothingToApply()
    {
        var settings = new ApplySettings(_state.Path);
        ConfigurationAppliers
            .For(TargetSpec.Parse("replay:lm-arena-chat"), settings)
            .CannotApplyReason.Should()
            .Contain("nothing to apply");
        ConfigurationAppliers
            .For(TargetSpec.Parse("http://127.0.0.1:8000"), settings)
            .CannotApplyReason.Should()
            .BeNull();
        ConfigurationAppliers
            .For(TargetSpec.Parse("sim"), settings)
            .CannotApplyReason.Should()
            .Contain("nothing to apply");
        ImmutableArray<int> none = [];
        new ApplySettings(_state.Path).Gpus.Should().Equal(none);
    }

    [Fact]
    public async Task ALimitKeptThatCannotBeForgottenAfterApplyPutsTheGpusBackSoNoLaterRunRestoresOverTheApply()
    {
        // Left set with the limit from before still kept, a later run would take 700 W for the original and put the
        // applied 400 W back to it.
        var control = new FakeGpuControl(1);
        var folder = _state.File("locks");
        var originals = new HostOriginals(folder, _ => throw new IOException("Read-only file system"));

        var apply = () =>
            new HostApplier(() => control, new ApplySettings(_state.File("state")), originals).ApplyAsync(
                Space,
                Configuration.Of(("power_limit_w", "400")),
                CancellationToken.None
            );

        var thrown = await apply.Should().ThrowAsync<GpuSetException>();
        thrown
            .Which.Message.Should()
            .Be(
                "gpu0: cannot forget the GPU's original power limit kept in "
                    + $"{folder}/{LockName.Gpu("GPU-0").Key}.power-limit: Read-only file system; remove that file "
                    + "before the next mlenergy run on this GPU; apply puts back what it set"
            );
        control.Calls.Should().Equal("limit 0 400", "limit 0 700");
        HostJournal.Open(_state.File("state")).IsEmpty.Should().BeTrue();
        new HostOriginals(folder).PowerLimitWatts("GPU-0", 700).Should().Be(700);
    }

    public void Dispose() => _state.Dispose();
}
