using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Actuators;

public sealed class GpuRestorerTests : IDisposable
{
    private static readonly Knob[] Knobs =
    [
        new("clock", KnobKind.GpuSmClockCap, [KnobValue.Of(1200)], RestartsServer: false),
        new("limit", KnobKind.GpuPowerLimit, [KnobValue.Of(300)], RestartsServer: false),
    ];

    private readonly string _state = Directory.CreateTempSubdirectory("mlenergy-restorer-").FullName;

    [Fact]
    public void AnNvmlErrorOnOneGpuIsReportedAndEveryOtherEntryIsStillRestored()
    {
        var control = new FakeGpuControl();
        var journal = HostJournal.Open(_state);
        new GpuKnobActuator(control, journal, [0, 1]).Apply(Knobs, Configuration.Of(("limit", "300")));
        control.Calls.Clear();
        control.Broken = 0;

        var lines = GpuRestorer.Restore(control, journal);

        control.Calls.Should().Equal("limit 1 700");
        lines.Should().HaveCount(2);
        lines[0].Should().Contain("cannot restore 'gpu0 power limit changed (original 700 W)'").And.Contain("Unknown");
        HostJournal.Open(_state).Entries.Should().ContainSingle().Which.Gpu.Should().Be(0);
    }

    [Fact]
    public void OnAFullDiskAChangeThatCannotBeJournaledIsNotMadeAndRestorePutsTheHardwareBackFirst()
    {
        var control = new FakeGpuControl();
        var journal = HostJournal.Open(_state);
        var actuator = new GpuKnobActuator(control, journal, [0]);
        actuator.Apply(Knobs, Configuration.Of(("clock", "1200"), ("limit", "300")));
        Directory.CreateDirectory(journal.FilePath + ".tmp"); // every journal write now fails, as on a full disk

        var next = () => new GpuKnobActuator(control, journal, [1]).Apply(Knobs, Configuration.Of(("limit", "300")));

        next.Should().Throw<StateDirectoryException>().WithMessage("*was not made*");
        control.Calls.Should().Equal("lock 0 345 1200", "limit 0 300");

        var lines = actuator.Restore();

        control.Calls.Skip(2).Should().Equal("reset 0", "limit 0 700");
        lines.Should().HaveCount(2).And.AllSatisfy(l => l.Should().Contain(", but cannot write the journal"));
        Directory.Delete(journal.FilePath + ".tmp");
        HostJournal.Open(_state).Entries.Should().HaveCount(2, "the next restore sets them again, harmlessly");
    }

    [Fact]
    public void ALimitSetByHandAfterTheRunSetItsOwnIsLeftAsSetAndSaidSo()
    {
        var control = new FakeGpuControl();
        var journal = HostJournal.Open(_state);
        new GpuKnobActuator(control, journal, [0]).Apply(Knobs, Configuration.Of(("limit", "300")));
        control.SetPowerLimit(0, Units.Power.FromWatts(500));
        control.Calls.Clear();

        var lines = GpuRestorer.Restore(control, journal);

        control.Calls.Should().BeEmpty();
        lines.Should().ContainSingle().Which.Should().StartWith("gpu0: power limit left at 500 W, set by hand");
        HostJournal.Open(_state).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void AClockLockSetByHandAfterTheRunLockedItsOwnIsLeftAsSetAndSaidSoAsALimitIs()
    {
        // The clock path reset whatever lock it found; the power-limit path kept a limit set by hand.
        var control = new FakeGpuControl();
        var journal = HostJournal.Open(_state);
        new GpuKnobActuator(control, journal, [0, 1]).Apply(Knobs, Configuration.Of(("clock", "1200")));
        control.LockSmClocks(0, Units.Frequency.FromMegahertz(345), Units.Frequency.FromMegahertz(1500));
        control.Calls.Clear();

        var lines = GpuRestorer.Restore(control, journal);

        control.Calls.Should().Equal("reset 1");
        lines
            .Should()
            .Equal(
                "gpu0: SM clocks left locked at up to 1500 MHz, set by hand since mlenergy set 1200 MHz "
                    + "('nvidia-smi -i 0 -rgc' resets them)",
                "gpu1: SM clocks reset to default"
            );
        control.TryGetSmClockCap(0, out var kept).Should().BeTrue();
        kept.Should().Be(Units.Frequency.FromMegahertz(1500));
        HostJournal.Open(_state).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void AClockLockThatCannotBeReadBackIsResetAsBefore()
    {
        // NVML cannot read a lock back: an entry's lock is reset whatever is in force, as before.
        var journal = HostJournal.Open(_state);
        journal.Record(JournalEntry.Clocks(0, "GPU-0", null, 1200));
        var control = new UnreadableLocks();
        control.LockSmClocks(0, Units.Frequency.FromMegahertz(345), Units.Frequency.FromMegahertz(1500));

        GpuRestorer.Restore(control, journal).Should().Equal("gpu0: SM clocks reset to default");
    }

    /// <summary>GPUs whose clock lock cannot be read back, as NVML's.</summary>
    private sealed class UnreadableLocks : IGpuControl
    {
        private readonly FakeGpuControl _gpus = new();

        public int DeviceCount => _gpus.DeviceCount;

        public string Uuid(int gpu) => _gpus.Uuid(gpu);

        public Profiler.Nvml.PowerLimitRange GetPowerLimitRange(int gpu) => _gpus.GetPowerLimitRange(gpu);

        public Units.Power GetPowerLimit(int gpu) => _gpus.GetPowerLimit(gpu);

        public Units.Frequency GetMinimumSmClock(int gpu) => _gpus.GetMinimumSmClock(gpu);

        public void LockSmClocks(int gpu, Units.Frequency minimum, Units.Frequency maximum) =>
            _gpus.LockSmClocks(gpu, minimum, maximum);

        public void ResetSmClocks(int gpu) => _gpus.ResetSmClocks(gpu);

        public void SetPowerLimit(int gpu, Units.Power limit) => _gpus.SetPowerLimit(gpu, limit);

        public string Name(int gpu) => _gpus.Name(gpu);

        public Units.Power GetEnforcedPowerLimit(int gpu) => _gpus.GetEnforcedPowerLimit(gpu);

        public Units.Frequency GetSmClock(int gpu) => _gpus.GetSmClock(gpu);

        public Profiler.Nvml.ClockThrottleReasons GetThrottleReasons(int gpu) => _gpus.GetThrottleReasons(gpu);

        public Units.Temperature GetTemperature(int gpu) => _gpus.GetTemperature(gpu);

        public void Dispose() => _gpus.Dispose();
    }

    [Fact]
    public void AnEntryWithoutARecordedOriginalGoesBackToTheDriversDefaultLimitNotTheTopOfTheRange()
    {
        var control = new FakeGpuControl();
        var journal = HostJournal.Open(_state);
        journal.Record(new JournalEntry(JournalEntryKind.GpuPowerLimit) { Gpu = 0, GpuUuid = "GPU-0" });

        GpuRestorer.Restore(control, journal);

        control.Calls.Should().Equal("limit 0 600");
    }

    [Fact]
    public void ALimitAnotherKilledRunSetIsNotTakenForOneSetByHand()
    {
        var control = new FakeGpuControl();
        var originals = new HostOriginals(System.IO.Path.Combine(_state, "host"));
        var first = HostJournal.Open(System.IO.Path.Combine(_state, "a"));
        var second = HostJournal.Open(System.IO.Path.Combine(_state, "b"));
        // Two runs with their own state directories, one after the other on gpu0, each killed before its restore.
        new GpuKnobActuator(control, first, [0], null, originals).Apply(Knobs, Configuration.Of(("limit", "300")));
        new GpuKnobActuator(control, second, [0], null, originals).Apply(Knobs, Configuration.Of(("limit", "400")));
        control.Calls.Clear();

        var lines = GpuRestorer.Restore(control, first, originals);

        lines.Should().Equal("gpu0: power limit back to 700 W");
        control.Calls.Should().Equal("limit 0 700");
        GpuRestorer.Restore(control, second, originals).Should().Equal("gpu0: power limit back to 700 W");
        first.IsEmpty.Should().BeTrue();
        second.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void AGpuRenumberedSinceItsChangeIsFoundByItsUuidAndPutBack()
    {
        var control = new FakeGpuControl();
        control.LockSmClocks(0, Units.Frequency.FromMegahertz(345), Units.Frequency.FromMegahertz(1200));
        control.SetPowerLimit(0, Units.Power.FromWatts(300));
        control.Calls.Clear();
        var journal = HostJournal.Open(_state);
        // Journaled when GPU-0 was gpu1 (a GPU before it has gone from the bus since).
        journal.Record(JournalEntry.Clocks(1, "GPU-0"));
        journal.Record(JournalEntry.PowerLimit(1, "GPU-0", 700, settingWatts: 300));
        journal.Record(JournalEntry.Clocks(0, "GPU-9"));

        var lines = GpuRestorer.Restore(control, journal);

        control.Calls.Should().Equal("reset 0", "limit 0 700");
        lines
            .Should()
            .Equal(
                "gpu0: SM clocks reset to default",
                "gpu0: power limit back to 700 W",
                "cannot restore 'gpu0 SM clocks locked (reset to default)': GPU GPU-9 is not on this host now"
            );
        HostJournal.Open(_state).Entries.Should().ContainSingle().Which.GpuUuid.Should().Be("GPU-9");
    }

    [Fact]
    public void AGpuNowAtTheIndexOfOneGoneFromTheHostIsJournaledAsItselfAndPutBack()
    {
        // A killed run's gpu0 (GPU-9) has left the bus; the GPU now at index 0 is another, which this run sets.
        var control = new FakeGpuControl();
        var journal = HostJournal.Open(_state);
        journal.Record(JournalEntry.Clocks(0, "GPU-9", null, 1500));
        journal.Record(JournalEntry.PowerLimit(0, "GPU-9", 650, settingWatts: 400));
        var actuator = new GpuKnobActuator(control, journal, [0]);
        actuator.Apply(Knobs, Configuration.Of(("clock", "1200"), ("limit", "300")));
        control.Calls.Clear();

        var lines = actuator.Restore();

        control.Calls.Should().Equal("reset 0", "limit 0 700");
        lines.Should().Contain(["gpu0: SM clocks reset to default", "gpu0: power limit back to 700 W"]);
        HostJournal.Open(_state).Entries.Should().HaveCount(2).And.OnlyContain(e => e.GpuUuid == "GPU-9");
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
