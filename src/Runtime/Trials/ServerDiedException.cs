namespace MLEnergy.Runtime.Trials;

/// <summary>The server exited while a trial was driving it.</summary>
public sealed class ServerDiedException : Exception
{
    public ServerDiedException() { }

    public ServerDiedException(string message)
        : base(message) { }

    public ServerDiedException(string message, Exception innerException)
        : base(message, innerException) { }
}
