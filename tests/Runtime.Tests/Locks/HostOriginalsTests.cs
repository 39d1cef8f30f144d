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

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
