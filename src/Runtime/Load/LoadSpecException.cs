namespace MLEnergy.Runtime.Load;

/// <summary>
/// A load description, prompt file or trace that cannot be used (the message names the file and line).
/// </summary>
public sealed class LoadSpecException : Exception
{
    public LoadSpecException() { }

    public LoadSpecException(string message)
        : base(message) { }

    public LoadSpecException(string message, Exception innerException)
        : base(message, innerException) { }
}
