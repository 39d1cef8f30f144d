namespace MLEnergy.Recommender.Search;

/// <summary>
/// A strategy name, budget or seed that cannot be used; the message says what is wrong and what is accepted.
/// </summary>
public sealed class SearchSettingsException : FormatException
{
    public SearchSettingsException(string message)
        : base(message) { }

    public SearchSettingsException() { }

    public SearchSettingsException(string message, Exception innerException)
        : base(message, innerException) { }
}
