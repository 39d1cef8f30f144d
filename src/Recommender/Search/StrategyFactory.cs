using System.Globalization;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Search.Random;

namespace MLEnergy.Recommender.Search;

/// <summary>Builds a strategy from its name (<c>grid</c>, <c>random</c>, <c>auto</c>) and a seed.</summary>
public static class StrategyFactory
{
    public const string Default = "auto";

    public const int DefaultSeed = 0;

    public static IReadOnlyList<string> Names { get; } = ["grid", "random", "auto"];

    public static ISearchStrategy Create(string name, int seed = DefaultSeed, AutoOptions? options = null) =>
        (name ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "grid" => new GridStrategy(),
            "random" => new RandomStrategy(seed),
            "auto" => new AutoStrategy(seed, options),
            _ => throw new SearchSettingsException($"unknown strategy '{name}': use {string.Join(", ", Names)}"),
        };

    /// <summary>Reads a seed (a whole number).</summary>
    public static int ParseSeed(string text) =>
        int.TryParse(
            (text ?? string.Empty).Trim(),
            NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture,
            out var seed
        )
            ? seed
            : throw new SearchSettingsException($"cannot read seed '{text}': expected a whole number such as 42");
}
