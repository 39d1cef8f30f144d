namespace MLEnergy.Runtime.Stores;

/// <summary>
/// The history store cannot be used (corrupt, a newer schema, unreachable); nothing in it was changed.
/// </summary>
public sealed class TrialStoreException : Exception
{
    public TrialStoreException() { }

    public TrialStoreException(string message)
        : base(message) { }

    public TrialStoreException(string message, Exception innerException)
        : base(message, innerException) { }
}
