using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MLEnergy.Recommender.Spaces;

/// <summary>
/// Bounds on a space file checked on the parser's events before any node is built: its size, how deep it nests, how
/// many aliases it uses, and no alias inside the node it names (which would recurse without end).
/// </summary>
public static class YamlLimits
{
    public const int MaxBytes = 1 << 20;
    public const int MaxDepth = 64;
    public const int MaxAliases = 1000;

    /// <summary>Reads a space file of at most <see cref="MaxBytes"/> (a device or endless file is refused).</summary>
    public static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxBytes + 1];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return read > MaxBytes
            ? throw new SearchSpaceException(path, null, $"larger than {MaxBytes / 1024} KiB: not a search space")
            : new string(buffer, 0, read);
    }

    public static void Check(string yaml, string path)
    {
        var open = new List<string?>();
        var aliases = 0;
        var parser = new Parser(new StringReader(yaml));
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case NodeEvent { Anchor.IsEmpty: false } node when node is MappingStart or SequenceStart:
                        Push(open, node.Anchor.Value, node, path);
                        break;
                    case MappingStart or SequenceStart:
                        Push(open, null, parser.Current, path);
                        break;
                    case MappingEnd or SequenceEnd:
                        open.RemoveAt(open.Count - 1);
                        break;
                    case AnchorAlias alias:
                        if (++aliases > MaxAliases)
                        {
                            throw new SearchSpaceException(path, alias.Start.Line, $"more than {MaxAliases} aliases");
                        }

                        if (open.Contains(alias.Value.Value))
                        {
                            throw new SearchSpaceException(
                                path,
                                alias.Start.Line,
                                $"the alias *{alias.Value.Value} refers to the node that contains it"
                            );
                        }

                        break;
                    default:
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw YamlSyntax.Error(e, path);
        }
    }

    private static void Push(List<string?> open, string? anchor, ParsingEvent node, string path)
    {
        if (open.Count >= MaxDepth)
        {
            throw new SearchSpaceException(path, node.Start.Line, $"nested deeper than {MaxDepth} levels");
        }

        open.Add(anchor);
    }
}
