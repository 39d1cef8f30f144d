namespace MLEnergy.Recommender.Spaces;

/// <summary>
/// A search space that cannot be used; the message names the file, the line (and the column where the parser gives
/// it: <c>space.yaml:4:11: ...</c>) and what is wrong.
/// </summary>
public sealed class SearchSpaceException : Exception
{
    public SearchSpaceException(string? path, long? line, string problem)
        : this(path, line, null, problem) { }

    /// <param name="column">The column where the parser gives one (counted from 1, as editors count).</param>
    public SearchSpaceException(string? path, long? line, long? column, string problem)
        : base(Format(path, line, column, problem))
    {
        Path = path;
        Line = line;
        Column = column;
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

    public long? Column { get; }

    public string Problem { get; }

    private static string Format(string? path, long? line, long? column, string problem) =>
        (path, line, column) switch
        {
            (null, _, _) => problem,
            (_, null, _) => $"{path}: {problem}",
            (_, _, null) => $"{path}:{line}: {problem}",
            _ => $"{path}:{line}:{column}: {problem}",
        };
}
