using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace MLEnergy.Recommender.Spaces;

/// <summary>A YAML mapping read with its file name at hand, so every error can say where it is.</summary>
internal sealed class YamlSection
{
    private readonly YamlMappingNode _mapping;

    public YamlSection(YamlNode node, string path)
    {
        Path = path;
        _mapping = node as YamlMappingNode ?? throw ErrorAt(node, path, "expected a mapping (key: value lines)");
    }

    public string Path { get; }

    public long Line => _mapping.Start.Line;

    public IEnumerable<YamlScalarNode> Keys => _mapping.Children.Keys.OfType<YamlScalarNode>();

    public static SearchSpaceException ErrorAt(YamlNode node, string path, string problem) =>
        new(path, node.Start.Line, node.Start.Column, problem);

    public static string Scalar(YamlNode node, string path) =>
        node is YamlScalarNode { Value: { } value } ? value : throw ErrorAt(node, path, "expected a single value");

    public static double Number(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        return
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number)
            ? number
            : throw ErrorAt(node, path, $"expected a finite number, found '{text}'");
    }

    public SearchSpaceException Error(YamlNode node, string problem) => ErrorAt(node, Path, problem);

    public YamlNode? Optional(string key) =>
        _mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public YamlNode Required(string key) =>
        Optional(key) ?? throw new SearchSpaceException(Path, Line, $"missing '{key}'");

    public string? OptionalString(string key) => Optional(key) is { } node ? Scalar(node, Path) : null;

    public IEnumerable<YamlNode> RequiredSequence(string key) =>
        Required(key) is YamlSequenceNode sequence
            ? sequence.Children
            : throw Error(Required(key), $"'{key}' must be a list");

    public IEnumerable<YamlNode> OptionalSequence(string key) =>
        Optional(key) switch
        {
            null => [],
            YamlSequenceNode sequence => sequence.Children,
            var other => throw Error(other, $"'{key}' must be a list"),
        };

    public bool? OptionalBool(string key)
    {
        if (Optional(key) is not { } node)
        {
            return null;
        }

        return Scalar(node, Path).ToLowerInvariant() switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            var other => throw Error(node, $"'{key}' must be true or false, found '{other}'"),
        };
    }
}
