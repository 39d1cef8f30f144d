using System.CommandLine;

namespace MLEnergy.Cli.Output;

/// <summary>
/// Did-you-mean for a misspelt command or option: the closest name the command at hand knows, by edit distance.
/// </summary>
internal static class Suggestions
{
    /// <summary>
    /// The line to print for a parse that failed, with a suggestion where one token is close to a name.
    /// </summary>
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var names = command
            .Subcommands.Where(c => !c.Hidden)
            .Select(c => c.Name)
            .Concat(command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Distinct()
            .ToList();
        foreach (var token in parse.UnmatchedTokens.Concat(parse.Tokens.Select(t => t.Value)))
        {
            if (ReplacedOptions.For(token) is { } replaced)
            {
                return $"{replaced} (see 'mlenergy {Path(command)}--help')";
            }

            if (Closest(token, names) is { } name && name != token)
            {
                var kind = name.StartsWith('-') ? "option" : "command";
                return $"unknown {kind} '{token}'; did you mean '{name}'? (see 'mlenergy {Path(command)}--help')";
            }
        }

        return $"{ParseErrorText.Of(parse.Errors[0])} (see 'mlenergy {Path(command)}--help')";
    }

    private static string Path(Command command) => command is RootCommand ? string.Empty : command.Name + " ";

    public static string? Closest(string token, IEnumerable<string> names)
    {
        var best = names
            .Select(n => (Name: n, Distance: Distance(token.ToLowerInvariant(), n)))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance > 0 && best.Distance <= Math.Max(1, best.Name.Length / 4)
            ? best.Name
            : null;
    }

    /// <summary>Levenshtein distance with adjacent transpositions (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
