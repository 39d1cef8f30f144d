using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Locks;

public sealed class HostOriginalsTests : IDisposable
{
    private static readonly Knob[] Limit =
    [
        new("limit", KnobKind.GpuPowerLimit, [KnobValue.Of(300), KnobValue.Of(400)], RestartsServer: false),
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("mlenergy-originals-").FullName;

    [Fact]
    public void ARunAfterAKilledRunWithAnotherStateDirectoryRecordsTheOriginalFromBeforeTheFirstRun()
    {
        var control = new FakeGpuControl(1);
        var originals = new HostOriginals(Path.Combine(_folder, "locks"));
        var killed = new GpuKnobActuator(control, HostJournal.Open(Path.Combine(_folder, "a")), [0], null, originals);
        killed.Apply(Limit, Configuration.Of(("limit", "300")));

        var next = new GpuKnobActuator(control, HostJournal.Open(Path.Combine(_folder, "b")), [0], null, originals);
        next.Apply(Limit, Configuration.Of(("limit", "400")));

        HostJournal.Open(Path.Combine(_folder, "b")).Entries.Single().OriginalPowerLimitWatts.Should().Be(700);
        next.Restore();
        control.GetPowerLimit(0).Watts.Should().Be(700);
        originals.PowerLimitWatts("GPU-0", 123).Should().Be(123, "the GPU is back, so nothing is remembered");
    }

    [Fact]
    public void KeptLimitsAreOpenToEveryUserAndAnotherProcesssLeftoverTemporaryFileIsNoObstacle()
    {
        var folder = Path.Combine(_folder, "locks");
        var originals = new HostOriginals(folder);
        Directory.CreateDirectory(Path.Combine(folder, LockName.Gpu("GPU-0").Key + ".power-limit.tmp"));

        originals.RecordPowerLimit("GPU-0", 700, 300);
        originals.RecordPowerLimit("GPU-0", 700, 250);

        var kept = Path.Combine(folder, LockName.Gpu("GPU-0").Key + ".power-limit");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(kept).Should().HaveFlag((UnixFileMode)0x1B6);
        }

        originals.SetPowerLimits("GPU-0").Should().Equal(300, 250);
        originals.PowerLimitWatts("GPU-0", 250).Should().Be(700);
    }

    [Fact]
    public void ALimitThatCannotBeKeptHostWideIsNotSetAndTheRunIsToldInOneLine()
    {
        var control = new FakeGpuControl(1);
        var folder = Path.Combine(_folder, "locks");
        Directory.CreateDirectory(Path.Combine(folder, LockName.Gpu("GPU-0").Key + ".power-limit"));
        var actuator = new GpuKnobActuator(
            control,
            HostJournal.Open(Path.Combine(_folder, "a")),
            [0],
            null,
            new HostOriginals(folder)
        );

        var act = () => actuator.Apply(Limit, Configuration.Of(("limit", "300")));

        act.Should()
            .Throw<GpuSetException>()
            .WithMessage("gpu0 was not given limit: cannot keep the GPU's original power limit in *");
        control.GetPowerLimit(0).Watts.Should().Be(700);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
