namespace MLEnergy.Cli.Output;

/// <summary>A command-line option whose value is out of its range (a usage error: exit code 2).</summary>
internal sealed class OptionValueException : Exception
{
    public OptionValueException() { }

    public OptionValueException(string message)
        : base(message) { }

    public OptionValueException(string message, Exception innerException)
        : base(message, innerException) { }
}
