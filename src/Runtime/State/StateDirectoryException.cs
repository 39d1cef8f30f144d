namespace MLEnergy.Runtime.State;

/// <summary>The state directory or run folder cannot be written; raised before any knob is touched.</summary>
public sealed class StateDirectoryException : Exception
{
    public StateDirectoryException() { }

    public StateDirectoryException(string message)
        : base(message) { }

    public StateDirectoryException(string message, Exception innerException)
        : base(message, innerException) { }
}
