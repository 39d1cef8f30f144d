using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Actuators;

public sealed class GpuKnobActuatorTests : IDisposable
{
    private static readonly Knob[] Knobs =
    [
        new("clock", KnobKind.GpuSmClockCap, [KnobValue.Of(1200), KnobValue.Of(1980)], RestartsServer: false),
        new("limit", KnobKind.GpuPowerLimit, [KnobValue.Of(400), KnobValue.Of(700)], RestartsServer: false),
    ];

    private readonly string _state = Directory.CreateTempSubdirectory("mlenergy-journal-").FullName;

    [Fact]
    public void EveryOriginalIsJournaledOnDiskBeforeTheGpuIsChanged()
    {
        var control = new FakeGpuControl();
        var journal = HostJournal.Open(_state);
        var actuator = new GpuKnobActuator(control, journal, [0, 1]);

        actuator.Apply(Knobs, Configuration.Of(("clock", "1200"), ("limit", "400")));

        control.Calls.Should().Equal("lock 0 345 1200", "lock 1 345 1200", "limit 0 400", "limit 1 400");
        var onDisk = HostJournal.Open(_state).Entries;
        onDisk.Should().HaveCount(4);
        onDisk
            .Where(e => e.Kind == JournalEntryKind.GpuPowerLimit)
            .Select(e => e.OriginalPowerLimitWatts)
            .Should()
            .Equal(700.0, 700.0);
    }

    [Fact]
    public void RestorePutsBackTheFirstOriginalNotTheLastValueSet()
    {
        var control = new FakeGpuControl(1);
        var journal = HostJournal.Open(_state);
        var actuator = new GpuKnobActuator(control, journal, [0]);
        actuator.Apply(Knobs, Configuration.Of(("clock", "1200"), ("limit", "400")));
        actuator.Apply(Knobs, Configuration.Of(("clock", "1980"), ("limit", "700")));
        control.Calls.Clear();

        var lines = actuator.Restore();

        control.Calls.Should().Equal("reset 0", "limit 0 700");
        lines.Should().HaveCount(2);
        journal.IsEmpty.Should().BeTrue();
        File.Exists(journal.FilePath).Should().BeFalse();
    }

    [Fact]
    public void ADryRunPrintsEveryChangeAndMakesNone()
    {
        var control = new FakeGpuControl(1);
        using var output = new StringWriter();
        var actuator = new GpuKnobActuator(control, HostJournal.Open(_state), [0], output);

        actuator.Apply(Knobs, Configuration.Of(("clock", "1200"), ("limit", "400")));

        control.Calls.Should().BeEmpty();
        output
            .ToString()
            .Should()
            .Contain("would lock gpu0 SM clocks to 345-1200 MHz")
            .And.Contain("would set gpu0 power limit to 400 W");
        File.Exists(Path.Combine(_state, HostJournal.FileName)).Should().BeFalse();
    }

    [Fact]
    public void WithoutPermissionTheMessageNamesTheFix()
    {
        var control = new FakeGpuControl(1) { Refuse = true };
        var actuator = new GpuKnobActuator(control, HostJournal.Open(_state), [0]);

        var apply = () => actuator.Apply(Knobs, Configuration.Of(("clock", "1200"), ("limit", "400")));

        apply
            .Should()
            .Throw<GpuPermissionException>()
            .WithMessage($"no permission to change clock on gpu0: {GpuPermissionException.Fix}");
        HostJournal
            .Open(_state)
            .IsEmpty.Should()
            .BeTrue("a refused change was never made, so there is nothing to restore");
    }

    [Fact]
    public void APowerLimitOutsideTheDeviceRangeIsRefusedBeforeAnyChange()
    {
        var control = new FakeGpuControl(1);
        var actuator = new GpuKnobActuator(control, HostJournal.Open(_state), [0]);
        Knob[] knobs = [new("limit", KnobKind.GpuPowerLimit, [KnobValue.Of(900)], RestartsServer: false)];

        var apply = () => actuator.Apply(knobs, Configuration.Of(("limit", "900")));

        apply
            .Should()
            .Throw<GpuRangeException>()
            .WithMessage("limit=900 W is outside gpu0's power limit range 200-700 W");
        control.Calls.Should().BeEmpty();
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
