using System.Collections.Frozen;

namespace MLEnergy.Cli.Output;

/// <summary>
/// Options a release removed, each with what took its place, so that a script still passing one is told where to
/// go instead of only that the option is unknown.
/// </summary>
internal static class ReplacedOptions
{
    private static readonly FrozenDictionary<string, string> Replacements = new Dictionary<string, string>
    {
        ["--up-evidence"] =
            "--up-evidence (sigmas of one window's rate, taken again at every reading) was replaced by --rate-risk "
            + "(how often an hour, at most, the rate alone switches bands without cause)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>What replaced <paramref name="token"/> (an option name, or NAME=VALUE), or null.</summary>
    public static string? For(string token) => Replacements.GetValueOrDefault(token.Split('=', 2)[0]);
}
