using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace MLEnergy.Cli.Output;

/// <summary>
/// The parser's own error in the words the rest of mlenergy uses, on one line: an option's value that is not a
/// number names the option and what it expects instead of a .NET type, and a list of allowed values is inline.
/// </summary>
internal static partial class ParseErrorText
{
    public static string Of(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult result => result.Option.Name,
            ArgumentResult { Parent: OptionResult result } => result.Option.Name,
            _ => null,
        };
        if (CannotParse().Match(error.Message) is { Success: true } match)
        {
            var name = option ?? match.Groups["symbol"].Value;
            var expected = Expected(match.Groups["type"].Value);
            return $"cannot read {name} '{match.Groups["value"].Value}': expected {expected}";
        }

        var lines = error
            .Message.ReplaceLineEndings("\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = lines.Length <= 1 ? error.Message.Trim() : $"{lines[0]} {string.Join(", ", lines.Skip(1))}";
        return option is null || text.Contains(option, StringComparison.Ordinal) ? text : $"{option}: {text}";
    }

    private static string Expected(string type) =>
        type.Replace("System.Nullable`1[", string.Empty, StringComparison.Ordinal).TrimEnd(']') switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.UInt32" or "System.UInt64" or "System.UInt16" or "System.Byte" => "a whole number of at least 0",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            var other => $"a value of the kind {other[(other.LastIndexOf('.') + 1)..]}",
        };

    [GeneratedRegex(
        @"^Cannot parse argument '(?<value>.*)' for (?:option|command|argument) '(?<symbol>[^']*)' "
            + @"as expected type '(?<type>[^']*)'",
        RegexOptions.Singleline
    )]
    private static partial Regex CannotParse();
}
