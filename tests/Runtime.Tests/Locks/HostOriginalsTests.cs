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

    [Theory]
    [InlineData("700\nabc", 2)]
    [InlineData("NaN", 1)]
    [InlineData("700\n-300", 2)]
    public void ACorruptKeptLimitStopsTheRunInOneLineBeforeTheGpuChanges(string kept, int line)
    {
        // Before, it was read as nothing kept: the limit a killed run left became the original for good.
        var control = new FakeGpuControl(1);
        var folder = Path.Combine(_folder, "locks");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, LockName.Gpu("GPU-0").Key + ".power-limit");
        File.WriteAllText(file, kept);
        var actuator = Actuator(control, folder);

        var act = () => actuator.Apply(Limit, Configuration.Of(("limit", "300")));

        act.Should()
            .Throw<GpuSetException>()
            .Which.Message.Should()
            .Be(
                $"gpu0 was not given limit: cannot read the GPU's original power limit kept in {file}: line {line} "
                    + "is not a limit in watts; remove the file once the GPU is at its original limit; the run stops "
                    + "and puts back what it set"
            );
        control.Calls.Should().BeEmpty();
        HostJournal.Open(Path.Combine(_folder, "a")).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void AKeptLimitsFolderThatCannotBeWrittenStopsTheRunInOneLineBeforeTheGpuChanges()
    {
        // Root writes through any mode, so the folder that cannot be written is one under a regular file.
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        var control = new FakeGpuControl(1);
        var actuator = Actuator(control, Path.Combine(file, "locks"));

        var act = () => actuator.Apply(Limit, Configuration.Of(("limit", "300")));

        act.Should()
            .Throw<GpuSetException>()
            .WithMessage($"gpu0 was not given limit: cannot keep the GPU's original power limit in {file}/locks/*")
            .Which.Message.Should()
            .NotContain("\n");
        control.Calls.Should().BeEmpty();
    }

    [Fact]
    public void ARestorePutsBackTheJournalsOriginalWhenTheKeptLimitHasBecomeUnreadable()
    {
        var control = new FakeGpuControl(1);
        var folder = Path.Combine(_folder, "locks");
        var actuator = Actuator(control, folder);
        actuator.Apply(Limit, Configuration.Of(("limit", "300")));
        File.WriteAllText(Path.Combine(folder, LockName.Gpu("GPU-0").Key + ".power-limit"), "garbage");

        actuator.Restore();

        control.GetPowerLimit(0).Watts.Should().Be(700);
        HostJournal.Open(Path.Combine(_folder, "a")).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void AKeptLimitThatCanBeNeitherDeletedNorEmptiedIsOneLineNamingTheFileAndWhatToDo()
    {
        var folder = Path.Combine(_folder, "locks");
        var originals = new HostOriginals(folder, ReadOnlyDisk);
        originals.RecordPowerLimit("GPU-0", 700, 300);

        var forget = () => originals.Forget("GPU-0");

        forget
            .Should()
            .Throw<IOException>()
            .Which.Message.Should()
            .Be(
                $"cannot forget the GPU's original power limit kept in {KeptFile(folder)}: Read-only file system; "
                    + "remove that file before the next mlenergy run on this GPU"
            );
    }

    [Fact]
    public void ForgettingWhereNothingIsKeptNotEvenTheFolderIsNoFailure()
    {
        var originals = new HostOriginals(Path.Combine(_folder, "never-made"));

        var forget = () => originals.Forget("GPU-0");

        forget.Should().NotThrow();
    }

    [Fact]
    public void ARestoreWhoseKeptLimitCannotBeForgottenPutsTheGpuBackAndSaysWhichFileToRemove()
    {
        var control = new FakeGpuControl(1);
        var folder = Path.Combine(_folder, "locks");
        var actuator = new GpuKnobActuator(
            control,
            HostJournal.Open(Path.Combine(_folder, "a")),
            [0],
            null,
            new HostOriginals(folder, ReadOnlyDisk)
        );
        actuator.Apply(Limit, Configuration.Of(("limit", "300")));

        var lines = actuator.Restore();

        control.GetPowerLimit(0).Watts.Should().Be(700);
        lines
            .Should()
            .Equal(
                $"gpu0: power limit back to 700 W, but cannot forget the GPU's original power limit kept in "
                    + $"{KeptFile(folder)}: Read-only file system; remove that file before the next mlenergy run on "
                    + "this GPU"
            );
        HostJournal.Open(Path.Combine(_folder, "a")).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void AKeptListLeftBehindIsReplacedWholeOnceTheGpuIsAtNoneOfItsLimits()
    {
        // Left by a run that could not forget it; the GPU was set to 500 W by hand since. Before, the next record
        // went on with the list, and a run killed at 250 W then made the one after it take 700 W for the original.
        var folder = Path.Combine(_folder, "locks");
        Directory.CreateDirectory(folder);
        File.WriteAllText(KeptFile(folder), "700\n300");
        var originals = new HostOriginals(folder, ReadOnlyDisk);

        var original = originals.PowerLimitWatts("GPU-0", 500);
        originals.RecordPowerLimit("GPU-0", original, 250);

        original.Should().Be(500);
        File.ReadAllText(KeptFile(folder)).Should().Be("500\n250");
        originals.PowerLimitWatts("GPU-0", 250).Should().Be(500, "a run killed at 250 W found 500 W");
        originals.SetPowerLimits("GPU-0").Should().Equal(250);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void ReadOnlyDisk(string path) => throw new IOException("Read-only file system");

    private static string KeptFile(string folder) => Path.Combine(folder, LockName.Gpu("GPU-0").Key + ".power-limit");

    private GpuKnobActuator Actuator(FakeGpuControl control, string folder) =>
        new(control, HostJournal.Open(Path.Combine(_folder, "a")), [0], null, new HostOriginals(folder));
}
