namespace MLEnergy.Recommender.Slo;

/// <summary>An SLO text that cannot be read; the message says what is wrong and shows the right form.</summary>
public sealed class SloFormatException : FormatException
{
    public SloFormatException(string message)
        : base(message) { }

    public SloFormatException() { }

    public SloFormatException(string message, Exception innerException)
        : base(message, innerException) { }
}
