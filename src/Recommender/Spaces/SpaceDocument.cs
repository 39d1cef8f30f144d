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
