namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// A configuration asks a GPU for a setting outside what that GPU supports (a power limit outside its range); found
/// before any GPU is changed. During tuning it makes the configuration infeasible, with this message as the reason.
/// </summary>
public sealed class GpuRangeException : Exception
{
    public GpuRangeException() { }

    public GpuRangeException(string message)
        : base(message) { }

    public GpuRangeException(string message, Exception innerException)
        : base(message, innerException) { }
}
