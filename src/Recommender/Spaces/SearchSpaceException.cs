namespace MLEnergy.Recommender.Spaces;

/// <summary>A search space that cannot be used; the message names the file, the line and what is wrong.</summary>
public sealed class SearchSpaceException : Exception
{
    public SearchSpaceException(string? path, long? line, string problem)
        : base(Format(path, line, problem))
    {
        Path = path;
        Line = line;
        Problem = problem;
    }

    public SearchSpaceException()
    {
        Problem = string.Empty;
    }

    public SearchSpaceException(string message)
        : base(message)
    {
        Problem = message;
    }

    public SearchSpaceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    public string? Path { get; }

    public long? Line { get; }

    public string Problem { get; }

    private static string Format(string? path, long? line, string problem) =>
        (path, line) switch
        {
            (null, _) => problem,
            (_, null) => $"{path}: {problem}",
            _ => $"{path}:{line}: {problem}",
        };
}
