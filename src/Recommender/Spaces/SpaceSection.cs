using YamlDotNet.RepresentationModel;

namespace MLEnergy.Recommender.Spaces;

/// <summary>
/// A top-level section of a space file that the search space does not own, left for its owner to read; its line is
/// the line of its name.
/// </summary>
public sealed record SpaceSection(string Name, YamlNode Node, string Path, long Line);
