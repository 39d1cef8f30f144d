namespace MLEnergy.Runtime.Locks;

/// <summary>
/// A lock file or the lock folder cannot be created, opened or locked (a read-only disk, a folder this user may not
/// write, a file system without flock): the host's lock folder is unusable, which is not the same as another mlenergy
/// process holding the lock (<see cref="HostLockException"/>). The message names the path and the system's error.
/// </summary>
public sealed class LockFileException : Exception
{
    public LockFileException() { }

    public LockFileException(string message)
        : base(message) { }

    public LockFileException(string message, Exception innerException)
        : base(message, innerException) { }
}
