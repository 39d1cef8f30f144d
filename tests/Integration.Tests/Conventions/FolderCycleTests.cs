using System.Text.RegularExpressions;

namespace MLEnergy.Integration.Tests.Conventions;

/// <summary>
/// Within a project, the folders (second-level namespaces, sub-folders counted with their parent) form no cycle
/// of <c>using</c> directives: each concept can be read, tested and moved with only what lies below it.
/// </summary>
public sealed partial class FolderCycleTests
{
    public static TheoryData<string> Projects() => ["Units", "Profiler", "Recommender", "Simulation", "Runtime", "Cli"];

    [Theory]
    [MemberData(nameof(Projects))]
    public void TheFoldersOfAProjectDependOnEachOtherWithoutACycle(string project) =>
        Cycles(Edges(project)).Should().BeEmpty("folders of src/{0} must depend one way", project);

    [Fact]
    public void TheCycleFinderFindsACycle() =>
        Cycles(
                new Dictionary<string, HashSet<string>>
                {
                    ["A"] = ["B"],
                    ["B"] = ["C"],
                    ["C"] = ["A"],
                    ["D"] = ["A"],
                }
            )
            .Should()
            .Equal("A -> B -> C -> A");

    private static Dictionary<string, HashSet<string>> Edges(string project)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in SourceTree.CSharpFiles($"src/{project}"))
        {
            var text = File.ReadAllText(Path.Combine(SourceTree.Root, file));
            if (Namespace().Match(text) is not { Success: true } declared)
            {
                continue;
            }

            var from = declared.Groups["folder"].Success ? declared.Groups["folder"].Value : "(root)";
            var targets = edges.TryGetValue(from, out var set) ? set : edges[from] = [];
            foreach (Match used in Using().Matches(text))
            {
                if (used.Groups["project"].Value == project && used.Groups["folder"].Value != from)
                {
                    targets.Add(used.Groups["folder"].Value);
                }
            }
        }

        return edges;
    }

    /// <summary>Each cycle once, as <c>A -> B -> A</c>, starting from its alphabetically first folder.</summary>
    private static List<string> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var cycles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            Walk(start, [start]);

            void Walk(string at, List<string> path)
            {
                foreach (var next in edges.GetValueOrDefault(at, []).Order(StringComparer.Ordinal))
                {
                    if (next == start)
                    {
                        if (path.All(p => string.CompareOrdinal(p, start) >= 0))
                        {
                            cycles.Add(string.Join(" -> ", [.. path, start]));
                        }
                    }
                    else if (!path.Contains(next) && path.Count < 8)
                    {
                        Walk(next, [.. path, next]);
                    }
                }
            }
        }

        return [.. cycles];
    }

    [GeneratedRegex(@"^namespace MLEnergy\.(?<project>\w+)(\.(?<folder>\w+))?", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^using MLEnergy\.(?<project>\w+)\.(?<folder>\w+)", RegexOptions.Multiline)]
    private static partial Regex Using();
}
