namespace MLEnergy.Profiler.Measure;

/// <summary>
/// A measurement that could not start: the command is missing or not executable, or the trace file cannot be written.
/// </summary>
public sealed class MeasureStartException : Exception
{
    public MeasureStartException() { }

    public MeasureStartException(string message)
        : base(message) { }

    public MeasureStartException(string message, Exception innerException)
        : base(message, innerException) { }
}
