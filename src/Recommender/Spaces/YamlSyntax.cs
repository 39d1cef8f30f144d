using YamlDotNet.Core;

namespace MLEnergy.Recommender.Spaces;

/// <summary>
/// A space file that is not YAML, said as a person reads it: the line and column the parser stopped at and what was
/// expected there, never the parser's own sentence ("While parsing a block mapping, did not find expected key").
/// </summary>
internal static class YamlSyntax
{
    /// <summary>What the parser's message means, by the words that name the case; the first match speaks.</summary>
    private static readonly (string Words, string Expected)[] Cases =
    [
        ("tab", "a tab character: indent with spaces"),
        ("Duplicate key", "a key given twice in one mapping"),
        ("expected '-' indicator", "expected a '- ' list item at this indentation, as on the lines above"),
        ("did not find expected key", "expected a 'key: value' line at this indentation, as on the lines above"),
        ("did not find expected ',' or ']'", "expected ',' or ']' in a [list]"),
        ("did not find expected ',' or '}'", "expected ',' or '}' in a {mapping}"),
        ("end of stream", "the file ends inside quotes, a [list] or a {mapping}: expected its closing mark"),
        ("Mapping values are not allowed", "a ': ' inside a value: put quotes around the value"),
        ("found invalid mapping", "a 'key: value' line indented deeper than the line above it"),
        ("cannot start any token", "a character that cannot start a value (such as @ or `): put quotes around it"),
        ("could not find expected ':'", "expected 'key: value' (a ':' after the key)"),
        ("undefined alias", "an alias (*NAME) with no anchor (&NAME) before it"),
    ];

    public static SearchSpaceException Error(YamlException e, string path)
    {
        var expected = Cases.FirstOrDefault(c => e.Message.Contains(c.Words, StringComparison.OrdinalIgnoreCase));
        return new SearchSpaceException(
            path,
            e.Start.Line,
            e.Start.Column,
            expected.Expected is { } text ? $"not valid YAML: {text}" : "not valid YAML"
        );
    }
}
