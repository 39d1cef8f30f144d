using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MLEnergy.Runtime.Locks;

/// <summary>
/// Exclusive host-wide locks, one file per GPU or state directory in <see cref="LockDirectory"/>, taken with
/// <c>flock</c> (released by the kernel when the holder exits, even after kill -9). Beside each lock a holder file
/// names the process and what it is doing, so that a refused command can say who has the GPU. All are taken or none.
/// </summary>
public sealed partial class HostLocks : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int SharingViolation = unchecked((int)0x80070020);

    /// <summary>flock's EWOULDBLOCK: another open file holds the lock.</summary>
    private static readonly int WouldBlock = OperatingSystem.IsMacOS() ? 35 : 11;

    private readonly List<(FileStream Lock, string HolderPath)> _held = [];

    private HostLocks() { }

    /// <summary>
    /// Takes every lock of <paramref name="names"/> or throws <see cref="HostLockException"/> naming the holder of
    /// the first one busy (having released those already taken), or <see cref="LockFileException"/> when a lock file
    /// or the folder cannot be made or opened. <paramref name="holder"/> says what this process is doing, for whoever
    /// is refused.
    /// </summary>
    public static HostLocks Acquire(string directory, IEnumerable<LockName> names, string holder)
    {
        var locks = new HostLocks();
        try
        {
            CreateShared(directory);
            foreach (var name in names.DistinctBy(n => n.Key).OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                locks.Take(directory, name, holder);
            }

            return locks;
        }
        catch
        {
            locks.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Says what the holder now does (e.g. once its run has an id), for whoever is refused one of these locks.
    /// </summary>
    public void Describe(string holder)
    {
        foreach (var (_, holderPath) in _held)
        {
            WriteHolder(holderPath, holder);
        }
    }

    public void Dispose()
    {
        foreach (var (stream, holderPath) in Enumerable.Reverse(_held))
        {
            TryDelete(holderPath);
            stream.Dispose();
        }

        _held.Clear();
    }

    private void Take(string directory, LockName name, string holder)
    {
        var lockPath = Path.Combine(directory, name.Key + ".lock");
        var holderPath = Path.Combine(directory, name.Key + ".holder");
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.HResult == WouldBlock || e.HResult == SharingViolation)
        {
            // FileShare.None is .NET's own flock, whose EWOULDBLOCK (the HResult of an I/O error on Unix is its errno)
            // is the one answer that means another process holds the lock (Windows: a sharing violation).
            throw Busy(name, holderPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LockFileException($"cannot open the lock file {lockPath} for {name.Display}: {e.Message}", e);
        }

        if (!OperatingSystem.IsWindows() && Flock(stream.SafeFileHandle, LockExclusive | LockNonBlocking) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            stream.Dispose();
            throw error == WouldBlock
                ? Busy(name, holderPath)
                : new LockFileException(
                    $"cannot lock {lockPath} for {name.Display}: {Marshal.GetPInvokeErrorMessage(error)} ({error})"
                );
        }

        _held.Add((stream, holderPath));
        OpenToAll(lockPath);
        WriteHolder(holderPath, holder);
    }

    /// <summary>
    /// A lock file (or a file kept beside the locks) its creator (root, say) leaves readable and writable to every
    /// user, so that a run with CAP_SYS_ADMIN as another user can open it and is refused only while the GPU is held.
    /// </summary>
    internal static void OpenToAll(string lockPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            var everyone = (UnixFileMode)0x1B6; // rw-rw-rw-
            if ((File.GetUnixFileMode(lockPath) & everyone) != everyone)
            {
                File.SetUnixFileMode(lockPath, File.GetUnixFileMode(lockPath) | everyone);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void WriteHolder(string holderPath, string holder)
    {
        try
        {
            File.WriteAllText(holderPath, $"{Environment.ProcessId}\n{holder.ReplaceLineEndings(" ")}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The lock is held; only the courtesy of naming this process to others is lost.
        }
    }

    private static HostLockException Busy(LockName name, string holderPath)
    {
        var (pid, what) = ReadHolder(holderPath);
        return new HostLockException(
            $"{name.Display} is in use by another mlenergy process (pid {pid}: {what}); nothing was changed. "
                + "Wait for it to finish, or stop it (it puts the GPU back when it ends) and run 'mlenergy restore'"
        );
    }

    private static (string Pid, string What) ReadHolder(string path)
    {
        try
        {
            var lines = File.ReadAllLines(path);
            return lines.Length >= 2 ? (lines[0], lines[1]) : ("unknown", "unknown run");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ("unknown", "unknown run");
        }
    }

    /// <summary>
    /// Creates the lock folder so that every user of the host can take locks in it (sticky, like /tmp).
    /// </summary>
    private static void CreateShared(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LockFileException($"cannot create the lock folder {directory}: {e.Message}", e);
        }

        if (!OperatingSystem.IsWindows())
        {
            try
            {
                File.SetUnixFileMode(directory, (UnixFileMode)0x3FF | UnixFileMode.StickyBit);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle handle, int operation);
}
