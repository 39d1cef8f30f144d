namespace MLEnergy.Runtime.Requests;

/// <summary>A target that cannot be set up from what was given (unknown kind, model, GPU).</summary>
public sealed class TargetException : Exception
{
    public TargetException() { }

    public TargetException(string message)
        : base(message) { }

    public TargetException(string message, Exception innerException)
        : base(message, innerException) { }
}
