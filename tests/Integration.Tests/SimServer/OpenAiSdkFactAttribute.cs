namespace MLEnergy.Integration.Tests.SimServer;

/// <summary>
/// A test that runs the official OpenAI Node SDK: skipped, with the reason, where <c>node</c> or the installed
/// <c>openai</c> package (<c>npm install</c> in tests/Integration.Tests/OpenAiSdk, as .ci/run does) is missing.
/// </summary>
internal sealed class OpenAiSdkFactAttribute : FactAttribute
{
    public OpenAiSdkFactAttribute()
    {
        if (Node is null)
        {
            Skip = "node is not on the PATH; the OpenAI Node SDK checks need Node.js 18 or newer";
        }
        else if (!File.Exists(Path.Combine(Folder, "node_modules", "openai", "package.json")))
        {
            Skip = $"the openai package is not installed: run `npm install` in {Folder} (.ci/run does)";
        }
    }

    /// <summary>tests/Integration.Tests/OpenAiSdk in the repository.</summary>
    public static string Folder { get; } = FindFolder();

    public static string? Node { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "node"))
            .FirstOrDefault(File.Exists);

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "tests", "Integration.Tests", "OpenAiSdk");
            if (Directory.Exists(folder))
            {
                return folder;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "OpenAiSdk");
    }
}
