namespace MLEnergy.Runtime.Requests;

/// <summary>A request that cannot be tuned as given; each finding is one line for the person.</summary>
public sealed class OptimizeInputException : Exception
{
    public OptimizeInputException(IReadOnlyList<string> findings)
        : base(string.Join(Environment.NewLine, findings))
    {
        Findings = findings;
    }

    public OptimizeInputException()
    {
        Findings = [];
    }

    public OptimizeInputException(string message)
        : base(message)
    {
        Findings = [message];
    }

    public OptimizeInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Findings = [message];
    }

    public IReadOnlyList<string> Findings { get; }
}
