using System.Text.RegularExpressions;

namespace MLEnergy.Units;

/// <summary>
/// The one reading of the options a <c>KIND:VALUE[,NAME=VALUE]...</c> spec carries (<c>--load</c>,
/// <c>--load-levels</c>, <c>--target</c>, <c>--store</c>): the trailing comma-separated parts shaped
/// <c>NAME=VALUE</c> are options, the rest is the value (a path may hold commas). An option the spec does not take
/// is refused, naming it and the options the spec takes, so that it never becomes part of a file name.
/// </summary>
public static partial class SpecOptions
{
    /// <summary>
    /// Splits <paramref name="argument"/> (the text after <c>KIND:</c>) into its value and its options, in the order
    /// written.
    /// </summary>
    /// <param name="form">The spec as people write it, e.g. <c>trace:FILE</c>.</param>
    /// <param name="known">The options it takes as people write them, e.g. <c>scale=X</c>; none for a spec that
    /// takes none.</param>
    /// <exception cref="FormatException">An option not in <paramref name="known"/>; the message names it and the
    /// options the spec takes.</exception>
    public static (string Value, IReadOnlyList<string> Options) Split(
        string argument,
        string form,
        params string[] known
    )
    {
        ArgumentNullException.ThrowIfNull(argument);
        var parts = argument.Split(',');
        var count = parts.Length;
        while (count > 1 && Option().Match(parts[count - 1]) is { Success: true } match)
        {
            var name = match.Groups["name"].Value;
            if (!known.Any(k => k.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase)))
            {
                throw new FormatException($"unknown option '{name}': {Takes(form, known)}");
            }

            count--;
        }

        return (string.Join(',', parts[..count]), parts[count..].Select(p => p.Trim()).ToArray());
    }

    /// <summary>What a spec takes, for messages: <c>trace:FILE takes slice=FROM..TO and scale=X</c>.</summary>
    public static string Takes(string form, params string[] known) =>
        known.Length switch
        {
            0 => $"{form} takes no options",
            1 => $"{form} takes {known[0]}",
            _ => $"{form} takes {string.Join(", ", known[..^1])} and {known[^1]}",
        };

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z][A-Za-z0-9_-]*)\s*=")]
    private static partial Regex Option();
}
