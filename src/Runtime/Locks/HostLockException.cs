namespace MLEnergy.Runtime.Locks;

/// <summary>
/// Another mlenergy process holds a GPU or a state directory this command needs; nothing was changed. The message
/// names the holder's process id and what it is doing.
/// </summary>
public sealed class HostLockException : Exception
{
    public HostLockException() { }

    public HostLockException(string message)
        : base(message) { }

    public HostLockException(string message, Exception innerException)
        : base(message, innerException) { }
}
