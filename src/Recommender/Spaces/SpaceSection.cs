using YamlDotNet.RepresentationModel;

namespace MLEnergy.Recommender.Spaces;

/// <summary>A top-level section of a space file that the search space does not own, left for its owner to read.</summary>
public sealed record SpaceSection(string Name, YamlNode Node, string Path)
{
    public long Line => Node.Start.Line;
}
