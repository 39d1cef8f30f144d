using System.Globalization;
using MLEnergy.Units;

namespace MLEnergy.Simulation.Load;

/// <summary>
/// The load driven at the server: <c>saturate</c>, <c>poisson:RATE</c> (requests per second),
/// <c>concurrency:N</c> (closed-loop clients) or <c>trace:FILE</c> (JSONL or the Azure LLM inference CSV, with
/// <c>,slice=FROM..TO</c> and <c>,scale=X</c> options, see <see cref="TraceSelection"/>), optionally followed by
/// <c>@WORKLOAD</c> (<c>saturate@gpqa</c>): the named request-length profile of generated requests.
/// </summary>
/// <param name="Workload">Request lengths of generated requests; null = LMArena-chat-like.</param>
public sealed record LoadSpec(
    LoadKind Kind,
    double RequestsPerSecond = 0,
    int Concurrency = 0,
    string? TracePath = null,
    Workload? Workload = null,
    TraceSelection? TraceSelection = null
)
{
    /// <summary>The part of the trace replayed and its speed; all of it at its own rate by default.</summary>
    public TraceSelection Selection => TraceSelection ?? Load.TraceSelection.All;

    public static LoadSpec Saturate { get; } = new(LoadKind.Saturate);

    public static LoadSpec AtRate(double requestsPerSecond) =>
        new(LoadKind.Poisson, RequestsPerSecond: requestsPerSecond);

    public static LoadSpec WithConcurrency(int clients) => new(LoadKind.Concurrency, Concurrency: clients);

    public static LoadSpec FromTrace(string path) => new(LoadKind.Trace, TracePath: path);

    /// <summary>Parses the command-line form.</summary>
    /// <exception cref="FormatException">The text is not one of the four forms; the message says which forms
    /// exist.</exception>
    public static LoadSpec Parse(string text)
    {
        var at = (text ?? string.Empty).LastIndexOf('@');
        if (at > 0)
        {
            var suffix = text![(at + 1)..];
            var isTrace = text.TrimStart().StartsWith("trace:", StringComparison.OrdinalIgnoreCase);
            if (Workloads.TryParse(suffix, out var workload))
            {
                return ParseKind(text[..at]) with { Workload = workload };
            }

            if (!isTrace)
            {
                throw new FormatException($"load '{text}': {Workloads.Unknown(suffix)}");
            }
        }

        return ParseKind(text ?? string.Empty);
    }

    /// <summary>The same load with requests of this workload.</summary>
    public LoadSpec WithWorkload(Workload? workload) => this with { Workload = workload };

    public override string ToString() => Workload is null ? KindText() : $"{KindText()}@{Workload.Name}";

    private static LoadSpec ParseKind(string text)
    {
        const string Forms = "expected saturate, poisson:RATE, concurrency:N or trace:FILE[,slice=FROM..TO][,scale=X]";
        var trimmed = (text ?? string.Empty).Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? trimmed : trimmed[..colon]).ToUpperInvariant();
        var argument = colon < 0 ? null : trimmed[(colon + 1)..].Trim();
        switch (kind)
        {
            case "SATURATE" when argument is null:
                return Saturate;
            case "POISSON":
                argument = NoOptions(argument, "poisson:RATE", trimmed);
                if (
                    double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
                    && rate > 0
                    && double.IsFinite(rate)
                )
                {
                    return AtRate(rate);
                }

                throw new FormatException(
                    $"load '{text}': RATE must be a positive number of requests per second, e.g. poisson:12.5"
                );
            case "CONCURRENCY":
                argument = NoOptions(argument, "concurrency:N", trimmed);
                if (
                    int.TryParse(argument, NumberStyles.Integer, CultureInfo.InvariantCulture, out var clients)
                    && clients > 0
                )
                {
                    return WithConcurrency(clients);
                }

                throw new FormatException(
                    $"load '{text}': N must be a positive whole number of clients, e.g. concurrency:64"
                );
            case "TRACE":
                if (!string.IsNullOrWhiteSpace(argument))
                {
                    return ParseTrace(argument, text ?? string.Empty);
                }

                throw new FormatException($"load '{text}': give the trace file, e.g. trace:requests.jsonl");
            default:
                throw new FormatException($"load '{text}': {Forms}");
        }
    }

    /// <summary><c>PATH[,OPTION]...</c>: options are the trailing <c>NAME=VALUE</c> parts (see
    /// <see cref="SpecOptions"/>); <c>scale=</c> and <c>slice=</c> are the ones a trace takes.</summary>
    private static LoadSpec ParseTrace(string argument, string text)
    {
        var selection = Load.TraceSelection.All;
        string path;
        try
        {
            (path, var options) = SpecOptions.Split(argument, "trace:FILE", "slice=FROM..TO", "scale=X");
            foreach (var option in options)
            {
                Load.TraceSelection.TryApply(option, selection, out selection);
            }
        }
        catch (FormatException e)
        {
            throw new FormatException($"load '{text}': {e.Message}", e);
        }

        path = path.Trim();
        return path.Length > 0
            ? FromTrace(path) with
            {
                TraceSelection = selection == Load.TraceSelection.All ? null : selection,
            }
            : throw new FormatException($"load '{text}': give the trace file, e.g. trace:requests.jsonl");
    }

    /// <summary>The argument of a kind that takes no options; one written after it is refused by name.</summary>
    private static string? NoOptions(string? argument, string form, string text)
    {
        try
        {
            return argument is null ? null : SpecOptions.Split(argument, form).Value.Trim();
        }
        catch (FormatException e)
        {
            throw new FormatException($"load '{text}': {e.Message}", e);
        }
    }

    private string KindText() =>
        Kind switch
        {
            LoadKind.Saturate => "saturate",
            LoadKind.Poisson => string.Create(CultureInfo.InvariantCulture, $"poisson:{RequestsPerSecond}"),
            LoadKind.Concurrency => string.Create(CultureInfo.InvariantCulture, $"concurrency:{Concurrency}"),
            _ => $"trace:{TracePath}{TraceSelection}",
        };
}
