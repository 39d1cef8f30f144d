using MLEnergy.Runtime.Replay;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Requests;

/// <summary>
/// Where trials run, read once from its text (<c>--target</c>, a space's <c>target:</c>, a stored run): the simulated
/// host, a replay of published measurements, a server that is already running, or a server mlenergy launches from a
/// space file. The four kinds are closed: code decides by the type, never by the text.
/// </summary>
public abstract record TargetSpec
{
    private const string SimulatedText = "sim";
    private const string ReplayPrefix = "replay:";
    private const string ServerPrefix = "server:";

    private TargetSpec() { }

    /// <summary>The text this target is stored and shown as; <see cref="Parse"/> reads it back.</summary>
    public abstract string Text { get; }

    /// <summary>Whether trials on this target change something on this host (GPU settings, servers).</summary>
    public abstract bool HasHost { get; }

    public static TargetSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals(SimulatedText, StringComparison.OrdinalIgnoreCase))
        {
            return new Simulated();
        }

        if (After(trimmed, ReplayPrefix) is { } source)
        {
            return new Replay(NoOptions(source, "replay:NAME|PATH", text));
        }

        if (After(trimmed, ServerPrefix) is { } space)
        {
            return new LaunchedServer(NoOptions(space, "server:PATH", text));
        }

        if (After(trimmed, "http://") is not null || After(trimmed, "https://") is not null)
        {
            return Uri.TryCreate(trimmed, UriKind.Absolute, out var url) && !string.IsNullOrEmpty(url.Host)
                ? new ExternalServer(new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"))
                : throw new TargetException($"cannot read target '{text}': expected http://HOST:PORT");
        }

        throw new TargetException(
            $"unknown target '{text}': use sim (the built-in simulated host), http://HOST:PORT (a running "
                + "OpenAI-compatible server) or replay:PATH (a v3 task file, a v2 directory, or "
                + $"{string.Join(", ", ReplayTableLoader.KnownShortNames)})"
        );
    }

    public sealed override string ToString() => Text;

    /// <summary>The path or name of a kind that takes no options: one written after it is refused by name.</summary>
    private static string NoOptions(string argument, string form, string text)
    {
        try
        {
            return SpecOptions.Split(argument, form).Value.Trim();
        }
        catch (FormatException e)
        {
            throw new TargetException($"cannot read target '{text}': {e.Message}");
        }
    }

    private static string? After(string text, string prefix)
    {
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = text[prefix.Length..].Trim();
        return rest.Length > 0
            ? rest
            : throw new TargetException($"cannot read target '{text}': nothing after '{prefix}'");
    }

    /// <summary>The built-in simulated serving host (<c>sim</c>).</summary>
    public sealed record Simulated : TargetSpec
    {
        public override string Text => SimulatedText;

        public override bool HasHost => false;
    }

    /// <summary>Published measurements (<c>replay:PATH|NAME</c>).</summary>
    public sealed record Replay(string Source) : TargetSpec
    {
        public override string Text => ReplayPrefix + Source;

        public override bool HasHost => false;
    }

    /// <summary>An OpenAI-compatible server already running (<c>http://HOST:PORT</c>); only GPU knobs change.</summary>
    public sealed record ExternalServer(Uri BaseUrl) : TargetSpec
    {
        public override string Text => BaseUrl.ToString().TrimEnd('/');

        public override bool HasHost => true;
    }

    /// <summary>A server mlenergy launches per configuration, from a space file's <c>server</c> section.</summary>
    public sealed record LaunchedServer(string SpacePath) : TargetSpec
    {
        public override string Text => ServerPrefix + Path.GetFullPath(SpacePath);

        public override bool HasHost => true;
    }
}
