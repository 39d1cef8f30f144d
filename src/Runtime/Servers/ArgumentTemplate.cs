using System.Text.RegularExpressions;

namespace MLEnergy.Runtime.Servers;

/// <summary>
/// Fills <c>{name}</c> placeholders of an argument list; each argument stays one argument, whatever its value.
/// </summary>
public static partial class ArgumentTemplate
{
    public static IEnumerable<string> Placeholders(IEnumerable<string> template) =>
        template.SelectMany(a => PlaceholderPattern().Matches(a).Select(m => m.Groups[1].Value)).Distinct();

    public static string Render(string argument, IReadOnlyDictionary<string, string> values) =>
        PlaceholderPattern()
            .Replace(
                argument,
                m =>
                    values.TryGetValue(m.Groups[1].Value, out var value)
                        ? value
                        : throw new KeyNotFoundException($"no value for placeholder '{{{m.Groups[1].Value}}}'")
            );

    public static string[] Render(IEnumerable<string> template, IReadOnlyDictionary<string, string> values) =>
        [.. template.Select(a => Render(a, values))];

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderPattern();
}
