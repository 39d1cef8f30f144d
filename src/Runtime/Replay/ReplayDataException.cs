namespace MLEnergy.Runtime.Replay;

/// <summary>A published table that is missing, unreadable, or has no data for what was asked.</summary>
public sealed class ReplayDataException : Exception
{
    public ReplayDataException() { }

    public ReplayDataException(string message)
        : base(message) { }

    public ReplayDataException(string message, Exception innerException)
        : base(message, innerException) { }
}
