namespace MLEnergy.Recommender.Results;

/// <summary>A result.json that cannot be read: not JSON, another schema version, or missing fields.</summary>
public sealed class ResultFormatException : Exception
{
    public ResultFormatException() { }

    public ResultFormatException(string message)
        : base(message) { }

    public ResultFormatException(string message, Exception innerException)
        : base(message, innerException) { }
}
