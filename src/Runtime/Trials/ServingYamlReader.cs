using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Servers;
using MLEnergy.Units;
using YamlDotNet.RepresentationModel;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// Reads the <c>server</c> and <c>trial</c> sections of a search-space file: how to launch and talk to the server,
/// and how trials run. Every problem names the file and line; a placeholder that is not a knob is one of them.
/// </summary>
public static class ServingYamlReader
{
    /// <summary>The top-level sections of a space file this reader owns.</summary>
    public static IReadOnlyCollection<string> Sections { get; } = ["server", "trial"];

    /// <summary>Whether the space file has a <c>server</c> section: a server for mlenergy to launch.</summary>
    public static bool HasServer(SpaceDocument document) => document.Section("server") is not null;

    public static (ServerSpec Server, TrialSettings Trial) Read(SpaceDocument document)
    {
        var (path, space) = (document.Path, document.Space);
        var section = document.Section("server");
        var node =
            section?.Node as YamlMappingNode
            ?? throw new SearchSpaceException(
                path,
                section?.Line ?? 1,
                "'server' must be a mapping with at least 'command'"
            );
        var server = ReadServer(path, node);
        var known = space
            .Knobs.Select(k => k.Name)
            .Concat(ServerSpec.BuiltInPlaceholders)
            .ToHashSet(StringComparer.Ordinal);
        var unknown = ArgumentTemplate
            .Placeholders([.. server.Command, server.BaseUrl])
            .FirstOrDefault(p => !known.Contains(p));
        if (unknown is not null)
        {
            throw Error(
                path,
                Child(node, "command")!,
                $"the server command names '{{{unknown}}}', which is not a knob of this space; knobs: "
                    + $"{string.Join(", ", space.Knobs.Select(k => k.Name))} (also: port, model)"
            );
        }

        return (server, ReadTrial(document));
    }

    /// <summary>
    /// For a server that is already running (<c>--target http://...</c>): how to talk to it (the <c>server</c> section
    /// without a command: endpoint, model, API key, energy counter; any command there is not used) and the trial
    /// settings.
    /// </summary>
    public static (ServerSpec Server, TrialSettings Trial) ReadExternal(SpaceDocument document)
    {
        var server = document.Section("server")?.Node is YamlMappingNode node
            ? ReadServer(document.Path, node, needsCommand: false)
            : new ServerSpec { Command = [] };
        return (server, ReadTrial(document));
    }

    /// <summary>The <c>trial</c> section's settings (the defaults without one): every target follows them.</summary>
    public static TrialSettings ReadTrial(SpaceDocument document) =>
        document.Section("trial")?.Node is YamlMappingNode t ? ReadTrial(document.Path, t) : new TrialSettings();

    private static ServerSpec ReadServer(string path, YamlMappingNode node, bool needsCommand = true)
    {
        var command = Child(node, "command") as YamlSequenceNode;
        var arguments = command?.Children.Select(c => Scalar(path, c)).ToImmutableArray() ?? [];
        if (needsCommand && command is null)
        {
            throw Error(
                path,
                node,
                "server 'command' must be a list of arguments, e.g. [\"vllm\", \"serve\", \"{model}\"]"
            );
        }

        if (needsCommand && (arguments.IsEmpty || string.IsNullOrWhiteSpace(arguments[0])))
        {
            throw Error(path, command!, "server 'command' is empty");
        }

        var environment = Child(node, "env") is YamlMappingNode env
            ? env.Children.ToImmutableDictionary(p => Scalar(path, p.Key), p => Scalar(path, p.Value))
            : ImmutableDictionary<string, string>.Empty;
        var spec = new ServerSpec { Command = arguments, Environment = environment };
        return spec with
        {
            WorkingDirectory = Text(path, node, "working_directory") is { } wd
                ? Path.GetFullPath(wd, Path.GetDirectoryName(Path.GetFullPath(path))!)
                : null,
            Port = Text(path, node, "port") is { } port ? Whole(path, node, "port", port, 1, 65_535) : null,
            BaseUrl = Text(path, node, "base_url") is { } url ? BaseUrl(path, node, url) : spec.BaseUrl,
            HealthPath = Text(path, node, "health_path") ?? spec.HealthPath,
            StartTimeout = Duration(path, node, "start_timeout") ?? spec.StartTimeout,
            StopGracePeriod = Duration(path, node, "stop_grace") ?? spec.StopGracePeriod,
            Endpoint = Text(path, node, "endpoint") is { } e
                ? (
                    e is "completions" or "chat"
                        ? e
                        : throw Error(path, node, "server 'endpoint' must be completions or chat")
                )
                : spec.Endpoint,
            Model = Text(path, node, "model"),
            ApiKeyVariable = Text(path, node, "api_key_env"),
            EnergyMetric = Text(path, node, "energy_metric"),
            MetricsPath = Text(path, node, "metrics_path") ?? spec.MetricsPath,
        };
    }

    private static TrialSettings ReadTrial(string path, YamlMappingNode node)
    {
        var defaults = new TrialSettings();
        return defaults with
        {
            Warmup = Duration(path, node, "warmup") ?? defaults.Warmup,
            Window = Duration(path, node, "window") ?? defaults.Window,
            MaxWindow = Duration(path, node, "max_window") ?? defaults.MaxWindow,
            Drain = Duration(path, node, "drain") ?? defaults.Drain,
            Validity = Duration(path, node, "min_window") is { } minWindow
                ? defaults.Validity with
                {
                    MinWindow = minWindow,
                }
                : defaults.Validity,
            Repetitions = Text(path, node, "repetitions") is { } r
                ? Whole(path, node, "repetitions", r, 1, 1_000)
                : defaults.Repetitions,
            Gpus = Child(node, "gpus") is YamlSequenceNode gpus
                ? [.. gpus.Children.Select(g => Whole(path, node, "gpus", Scalar(path, g), 0, 1_023))]
                : defaults.Gpus,
            PromptFile = Text(path, node, "prompts") is { } p
                ? Path.GetFullPath(p, Path.GetDirectoryName(Path.GetFullPath(path))!)
                : null,
            InputTokens = Range(path, node, "input_tokens") ?? defaults.InputTokens,
            OutputTokens = Range(path, node, "output_tokens") ?? defaults.OutputTokens,
        };
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string Scalar(string path, YamlNode node) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(path, node, "expected a single value");

    private static string? Text(string path, YamlMappingNode node, string key) =>
        Child(node, key) is { } child ? Scalar(path, child) : null;

    /// <summary>
    /// A whole number in a range (<see cref="InputLimits"/>); anything else is one line naming the key.
    /// </summary>
    private static int Whole(string path, YamlNode node, string key, string text, int min, int max) =>
        double.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
        && InputLimits.Within(value, min, max)
            ? (int)value
            : throw Error(path, node, $"'{key}' must be a whole number from {min} to {max}, not '{text}'");

    /// <summary>An http(s) URL once its placeholders are filled (checked now, not at the first launch).</summary>
    private static string BaseUrl(string path, YamlNode node, string url) =>
        Uri.TryCreate(Regex.Replace(url, @"\{[^}]*\}", "1"), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
            ? url
            : throw Error(
                path,
                node,
                $"'base_url' must be an http(s) URL such as http://127.0.0.1:{{port}}, not '{url}'"
            );

    private static TimeSpan? Duration(string path, YamlMappingNode node, string key)
    {
        if (Text(path, node, key) is not { } text)
        {
            return null;
        }

        return DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw Error(path, Child(node, key)!, $"'{key}' expects a duration like 30s or 500ms, not '{text}'");
    }

    private static (int, int)? Range(string path, YamlMappingNode node, string key)
    {
        if (Child(node, key) is not YamlMappingNode range)
        {
            return null;
        }

        var min = Whole(
            path,
            range,
            key,
            Text(path, range, "min") ?? throw Error(path, range, $"'{key}' needs min"),
            1,
            10_000_000
        );
        var max = Whole(
            path,
            range,
            key,
            Text(path, range, "max") ?? throw Error(path, range, $"'{key}' needs max"),
            1,
            10_000_000
        );
        return min > 0 && max >= min ? (min, max) : throw Error(path, range, $"'{key}' needs 0 < min <= max");
    }

    private static SearchSpaceException Error(string path, YamlNode node, string problem) =>
        new(path, node.Start.Line, node.Start.Column, problem);
}
