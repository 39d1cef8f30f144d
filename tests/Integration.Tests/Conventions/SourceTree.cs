using System.Text.RegularExpressions;

namespace MLEnergy.Integration.Tests.Conventions;

/// <summary>The repository's C# sources as the convention tests read them: build outputs left out.</summary>
internal static partial class SourceTree
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// Every <c>.cs</c> file under the folder (relative to the root), as a path relative to the root.
    /// </summary>
    public static IEnumerable<string> CSharpFiles(string folder) =>
        Directory
            .EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f =>
                !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)
            )
            .Order(StringComparer.Ordinal);

    /// <summary>The file's lines with <c>//</c> comments and string literals blanked, numbered from 1.</summary>
    public static IEnumerable<(int Number, string Code)> CodeLines(string relativePath) =>
        File.ReadLines(Path.Combine(Root, relativePath))
            .Select((line, i) => (i + 1, LineComment().Replace(StringLiteral().Replace(line, "\"\""), string.Empty)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLEnergy.Optimizer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MLEnergy.Optimizer.sln not found above the test folder");
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("//.*$")]
    private static partial Regex LineComment();
}
