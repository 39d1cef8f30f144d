namespace MLEnergy.Runtime.Stores;

/// <summary>A <c>--store</c> text that names no store this tool can open (the person's input, not the store).</summary>
public sealed class StoreAddressException : Exception
{
    public StoreAddressException() { }

    public StoreAddressException(string message)
        : base(message) { }

    public StoreAddressException(string message, Exception innerException)
        : base(message, innerException) { }
}
