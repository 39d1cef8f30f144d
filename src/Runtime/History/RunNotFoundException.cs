namespace MLEnergy.Runtime.History;

/// <summary>A run that is neither a run folder nor in the history; the message lists the runs there are.</summary>
public sealed class RunNotFoundException : Exception
{
    public RunNotFoundException() { }

    public RunNotFoundException(string message)
        : base(message) { }

    public RunNotFoundException(string message, Exception innerException)
        : base(message, innerException) { }
}
