using MLEnergy.Runtime.Locks;

namespace MLEnergy.Runtime.Tests.Locks;

public sealed class HostLocksTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlenergy-locks-").FullName;

    [Fact]
    public void ASecondHolderIsRefusedWithTheFirstOnesPidAndRunUntilTheFirstLetsGo()
    {
        var first = HostLocks.Acquire(_folder, [LockName.Gpu(0, "GPU-a")], "optimize, state directory /a");

        var refused = () => HostLocks.Acquire(_folder, [LockName.Gpu(0, "GPU-a")], "apply");

        refused
            .Should()
            .Throw<HostLockException>()
            .WithMessage($"gpu0 (GPU-a) is in use by another mlenergy process (pid {Environment.ProcessId}: *a)*");
        first.Dispose();
        using var second = HostLocks.Acquire(_folder, [LockName.Gpu(0, "GPU-a")], "apply");
    }

    [Fact]
    public void AllOrNothingARefusedSetReleasesTheLocksItHadTaken()
    {
        using var held = HostLocks.Acquire(_folder, [LockName.Gpu("GPU-b")], "optimize");

        var refused = () => HostLocks.Acquire(_folder, [LockName.Gpu("GPU-a"), LockName.Gpu("GPU-b")], "restore");

        refused.Should().Throw<HostLockException>();
        using var free = HostLocks.Acquire(_folder, [LockName.Gpu("GPU-a")], "apply");
    }

    [Fact]
    public void AStateDirectoryIsOneLockHoweverItsPathIsSpelled()
    {
        var path = Path.Combine(_folder, "state");
        using var held = HostLocks.Acquire(_folder, [LockName.State(path)], "optimize");

        var refused = () => HostLocks.Acquire(_folder, [LockName.State(path + "/./")], "optimize");

        refused.Should().Throw<HostLockException>();
    }

    [Fact]
    public void TheDefaultFolderIsTheSameForEveryStateDirectoryAndMayBeChosen()
    {
        LockDirectory.Default(v => v == LockDirectory.Variable ? "/x/locks" : null).Should().Be("/x/locks");
        LockDirectory.Default(_ => null).Should().NotBeNullOrEmpty();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
