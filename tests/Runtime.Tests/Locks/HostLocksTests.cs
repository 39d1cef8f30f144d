using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Tests.Support;

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
    public void ALockFileIsLeftOpenToEveryUserOfTheHost()
    {
        using var held = HostLocks.Acquire(_folder, [LockName.Gpu(0, "GPU-a")], "optimize, state directory /a");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(Path.Combine(_folder, LockName.Gpu("GPU-a").Key + ".lock"));

        mode.Should().HaveFlag(UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite);
    }

    [Fact]
    public void OnceTheRunHasAnIdTheRefusalNamesIt()
    {
        using var first = HostLocks.Acquire(_folder, [LockName.Gpu(0, "GPU-a")], "optimize, state directory /a");
        first.Describe("optimize run 20261201-101500-default (run folder /a/runs/20261201-101500-default)");

        var refused = () => HostLocks.Acquire(_folder, [LockName.Gpu(0, "GPU-a")], "apply");

        refused.Should().Throw<HostLockException>().WithMessage("*optimize run 20261201-101500-default*");
    }

    [Fact]
    public void ALockHeldByAnotherProcessIsRefusedAndFreeWhenThatProcessEnds()
    {
        var name = LockName.Gpu(0, "GPU-c");
        using var holder = System.Diagnostics.Process.Start(
            new System.Diagnostics.ProcessStartInfo(
                "flock",
                ["-n", Path.Combine(_folder, name.Key + ".lock"), "sleep", "30.41"]
            )
            {
                UseShellExecute = false,
            }
        )!;
        // flock runs the command once it holds the lock: wait for that rather than for a time.
        Eventually.True(() => Running("30.41"), "flock to take the lock and run its command");

        var refused = () => HostLocks.Acquire(_folder, [name], "apply");

        refused.Should().Throw<HostLockException>().WithMessage("gpu0 (GPU-c) is in use by another mlenergy process*");
        holder.Kill(entireProcessTree: true);
        holder.WaitForExit();
        Eventually.True(() => !Running("30.41"), "the command holding the lock to be gone");
        using var free = HostLocks.Acquire(_folder, [name], "apply");
    }

    private static bool Running(string argument) =>
        Directory
            .EnumerateDirectories("/proc")
            .Any(d =>
            {
                try
                {
                    var line = File.ReadAllText(Path.Combine(d, "cmdline")).Split('\0');
                    return line.Length > 1 && line[0] == "sleep" && line[1] == argument;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return false;
                }
            });

    [Fact]
    public void ALockFileThatCannotBeOpenedIsNamedWithTheSystemsErrorAndNotTakenForABusyGpu()
    {
        // Root writes through any mode, so the file that cannot be opened for writing is a folder in its place.
        var lockPath = Path.Combine(_folder, LockName.Gpu("GPU-a").Key + ".lock");
        Directory.CreateDirectory(lockPath);

        var refused = () => HostLocks.Acquire(_folder, [LockName.Gpu(0, "GPU-a")], "optimize");

        refused
            .Should()
            .Throw<LockFileException>()
            .WithMessage($"cannot open the lock file {lockPath} for gpu0 (GPU-a): *")
            .Which.Message.Should()
            .NotContain("in use");
    }

    [Fact]
    public void ALockFolderThatCannotBeMadeIsNamedWithTheSystemsError()
    {
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        var folder = Path.Combine(file, "locks");

        var refused = () => HostLocks.Acquire(folder, [LockName.Gpu(0, "GPU-a")], "optimize");

        refused.Should().Throw<LockFileException>().WithMessage($"cannot create the lock folder {folder}: *");
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

    [Fact]
    public void TheDefaultFolderIsTheSameForEveryUserAndEnvironment()
    {
        Func<string, string?> alice = v =>
            v switch
            {
                "XDG_RUNTIME_DIR" => "/run/user/1000",
                "TMPDIR" => "/home/alice/tmp",
                _ => null,
            };
        Func<string, string?> root = v => v == "XDG_RUNTIME_DIR" ? "/run/user/0" : null;

        // /run/lock writable to root only: root makes /run/lock/mlenergy, open to all, and a user finds it there.
        LockDirectory.Default(root, "/run/lock", d => d == "/run/lock", _ => false).Should().Be("/run/lock/mlenergy");
        LockDirectory
            .Default(alice, "/run/lock", _ => false, d => d == "/run/lock/mlenergy")
            .Should()
            .Be("/run/lock/mlenergy");

        // Neither: one folder for both, not one under each user's runtime or temporary folder.
        LockDirectory.Default(alice, "/run/lock", _ => false, _ => false).Should().Be(LockDirectory.Fallback);
        LockDirectory.Default(root, "/run/lock", _ => false, _ => false).Should().Be(LockDirectory.Fallback);
    }

    [Fact]
    public void AUserRunThatHadToUseTheFallbackAndARootRunAfterItMeetInOneFolder()
    {
        // /run/lock writable to root only (RHEL's 0755): a user with CAP_SYS_ADMIN tunes first, then root.
        var made = new HashSet<string>();
        var user = LockDirectory.Default(_ => null, "/run/lock", made.Contains, made.Contains);
        made.Add(user);

        var root = LockDirectory.Default(
            _ => null,
            "/run/lock",
            d => d == "/run/lock" || made.Contains(d),
            made.Contains
        );

        root.Should().Be(user, "two runs locking one GPU in two folders both tune it");

        // Root first: it makes /run/lock/mlenergy (open to all), and the user after it finds it there.
        made.Clear();
        made.Add(LockDirectory.Default(_ => null, "/run/lock", d => d == "/run/lock", made.Contains));
        LockDirectory.Default(_ => null, "/run/lock", made.Contains, made.Contains).Should().Be("/run/lock/mlenergy");

        // A /run/lock/mlenergy the user cannot write is still the one: refused there, never tuning beside root.
        LockDirectory.Default(_ => null, "/run/lock", _ => false, made.Contains).Should().Be("/run/lock/mlenergy");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
