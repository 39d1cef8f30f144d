using System.Xml.Linq;

namespace MLEnergy.Integration.Tests.Conventions;

/// <summary>The layering of DESIGN.md: no project references one above it.</summary>
public sealed class ProjectReferenceTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Units"] = [],
        ["Profiler"] = ["Units"],
        ["Recommender"] = ["Units"],
        ["Simulation"] = ["Units", "Profiler"],
        ["Runtime"] = ["Units", "Profiler", "Recommender", "Simulation"],
        ["Cli"] = ["Units", "Profiler", "Recommender", "Simulation", "Runtime"],
    };

    public static TheoryData<string> Projects() => [.. Allowed.Keys];

    [Fact]
    public void EverySourceProjectHasARuleOfItsOwn() =>
        Directory
            .GetDirectories(Path.Combine(SourceTree.Root, "src"))
            .Select(Path.GetFileName)
            .Should()
            .BeEquivalentTo(Allowed.Keys);

    [Theory]
    [MemberData(nameof(Projects))]
    public void AProjectReferencesOnlyTheProjectsBelowIt(string project)
    {
        var file = Path.Combine(SourceTree.Root, "src", project, project + ".csproj");
        var references = XDocument
            .Load(file)
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!))
            .ToList();

        references
            .Where(r => !Allowed[project].Contains(r))
            .Should()
            .BeEmpty("src/{0} may reference only {1}", project, string.Join(", ", Allowed[project]));
    }
}
