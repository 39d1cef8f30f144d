namespace MLEnergy.Runtime.Servers;

/// <summary>The server could not be started or never became healthy; nothing of it is left running.</summary>
public sealed class ServerStartException : Exception
{
    public ServerStartException() { }

    public ServerStartException(string message)
        : base(message) { }

    public ServerStartException(string message, Exception innerException)
        : base(message, innerException) { }
}
