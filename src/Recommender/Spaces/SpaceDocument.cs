using System.Collections.Immutable;

namespace MLEnergy.Recommender.Spaces;

/// <summary>
/// A space file parsed once: the search space, and the top-level sections it does not own, which the caller hands to
/// their owners. A section nobody claims is an error that names the file and line.
/// </summary>
public sealed record SpaceDocument(SearchSpace Space, ImmutableArray<SpaceSection> OtherSections)
{
    public string Path => Space.SourcePath ?? string.Empty;

    public SpaceSection? Section(string name) => OtherSections.FirstOrDefault(s => s.Name == name);

    /// <summary>Where each top-level value of the file starts (line, column), by its key.</summary>
    public ImmutableDictionary<string, (long Line, long Column)> Positions { get; init; } =
        ImmutableDictionary<string, (long Line, long Column)>.Empty;

    /// <summary>
    /// A value of the file that its reader refused (a load, a workload, a model that the file names): the message
    /// names the file, the line and column of <paramref name="key"/>'s value, and the problem.
    /// </summary>
    public SearchSpaceException ErrorAt(string key, string problem) =>
        Positions.TryGetValue(key, out var at)
            ? new SearchSpaceException(Path, at.Line, at.Column, problem)
            : new SearchSpaceException(Path, null, problem);

    /// <summary>
    /// Throws for the first section that is neither the space's own nor one of <paramref name="claimed"/>.
    /// </summary>
    public void ThrowIfUnclaimed(IReadOnlyCollection<string> claimed)
    {
        if (OtherSections.FirstOrDefault(s => !claimed.Contains(s.Name)) is { } unknown)
        {
            var known = SearchSpaceYamlReader.Sections.Concat(claimed);
            throw new SearchSpaceException(
                unknown.Path,
                unknown.Line,
                $"unknown section '{unknown.Name}'; known sections: {string.Join(", ", known)}"
            );
        }
    }
}
