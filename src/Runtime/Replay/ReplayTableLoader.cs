using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Replay;

/// <summary>
/// Finds and reads a published table: a v3 task file, a v2 task directory, or a short name for the data
/// shipped with mlenergy (<c>lm-arena-chat</c>, <c>gpqa</c>, <c>v2-chat</c>, ...).
/// </summary>
public sealed class ReplayTableLoader(string shippedDataDirectory)
{
    private static readonly (string Name, string RelativePath)[] ShortNames =
    [
        ("lm-arena-chat", "ml-energy-leaderboard-v3/lm-arena-chat.json"),
        ("gpqa", "ml-energy-leaderboard-v3/gpqa.json"),
        ("sourcegraph-fim", "ml-energy-leaderboard-v3/sourcegraph-fim.json"),
        ("image-chat", "ml-energy-leaderboard-v3/image-chat.json"),
        ("video-chat", "ml-energy-leaderboard-v3/video-chat.json"),
        ("text-to-image", "ml-energy-leaderboard-v3/text-to-image.json"),
        ("text-to-video", "ml-energy-leaderboard-v3/text-to-video.json"),
        ("v2-chat", "ml-energy-leaderboard-v2/llm_text_generation/chat"),
        ("v2-text-to-image", "ml-energy-leaderboard-v2/diffusion/text-to-image"),
    ];

    public static IEnumerable<string> KnownShortNames => ShortNames.Select(s => s.Name);

    public string Resolve(string pathOrName)
    {
        var shortName = ShortNames.FirstOrDefault(s =>
            string.Equals(s.Name, pathOrName, StringComparison.OrdinalIgnoreCase)
        );
        return shortName.Name is null ? pathOrName : Path.Combine(shippedDataDirectory, shortName.RelativePath);
    }

    public ReplayTable Load(string pathOrName)
    {
        var path = Resolve(pathOrName);
        if (Directory.Exists(path))
        {
            return V2DirectoryReader.Read(path);
        }

        if (File.Exists(path))
        {
            return V3TaskFileParser.Parse(
                BoundedFile.ReadAllText(path, BoundedFile.DataLimit, m => new ReplayDataException(m)),
                path
            );
        }

        throw new ReplayDataException(
            $"replay data '{pathOrName}' not found: give a v3 task file, a v2 task directory, or one of "
                + $"{string.Join(", ", KnownShortNames)}"
        );
    }
}
