using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Trials;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Replay;

/// <summary>
/// Reads an ML.ENERGY leaderboard v2 task directory: <c>{GPU}/{org}/{model}/bs{B}+tp{T}+pp{P}.json</c> for
/// LLMs, <c>bs{B}+steps{S}[+frames{F}].json</c> for diffusion, one measured configuration per file.
/// </summary>
public static class V2DirectoryReader
{
    private static readonly (string Prefix, string Knob)[] NameParts =
    [
        ("bs", "batch_size"),
        ("tp", "tensor_parallel"),
        ("pp", "pipeline_parallel"),
        ("steps", "steps"),
        ("frames", "frames"),
    ];

    public static ReplayTable Read(string directory)
    {
        var files = Directory
            .EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).StartsWith("bs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ReplayDataException($"{directory}: no v2 measurement files (GPU/org/model/bs*.json) found");
        }

        var rows = files.Select(f => ReadFile(directory, f)).ToImmutableArray();
        var knobs = rows.SelectMany(r => r.Configuration.Values.Keys).Distinct().ToImmutableArray();
        var incomplete = rows.FirstOrDefault(r => r.Configuration.Values.Count != knobs.Length);
        if (incomplete is not null)
        {
            throw new ReplayDataException($"{directory}: files name different knobs (e.g. {incomplete.Configuration})");
        }

        var workload = rows.Any(r => r.Metrics.ContainsKey(MetricNames.EnergyPerToken))
            ? ReplayWorkload.Llm
            : ReplayWorkload.Diffusion;
        return new ReplayTable(
            directory,
            Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)),
            workload,
            knobs,
            rows
        )
        {
            NonPreservingKnobs = ["steps", "frames"],
        };
    }

    private static ReplayRow ReadFile(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
        if (relative.Length != 4)
        {
            throw new ReplayDataException(
                $"{file}: expected the layout GPU/org/model/{Path.GetFileName(file)} under {root}"
            );
        }

        var values = new Dictionary<string, KnobValue>(StringComparer.Ordinal)
        {
            [ReplayKnobs.GpuModel] = KnobValue.Parse(relative[0]),
        };
        foreach (var part in Path.GetFileNameWithoutExtension(file).Split('+'))
        {
            var (prefix, knob) = NameParts.FirstOrDefault(p =>
                part.StartsWith(p.Prefix, StringComparison.Ordinal)
                && int.TryParse(part.AsSpan(p.Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            );
            values[knob ?? throw new ReplayDataException($"{file}: cannot read '{part}' in the file name")] =
                KnobValue.Parse(part[prefix.Length..]);
        }

        return new ReplayRow($"{relative[1]}/{relative[2]}", new Configuration(values), ReadMetrics(file));
    }

    private static ImmutableDictionary<string, double> ReadMetrics(string file)
    {
        using var document = Parse(file);
        var root = document.RootElement;
        double? Get(string key) =>
            root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

        var metrics = new ObservationBuilder();
        void Put(MetricDefinition metric, double? value)
        {
            if (value is { } v)
            {
                metrics.Set(metric, v);
            }
        }

        Put(MetricCatalogue.Tpot.Of(Statistic.Mean), Get("Avg TPOT (s)") * 1000);
        Put(MetricCatalogue.EnergyPerRequest, Get("Energy/req (J)"));
        Put(MetricCatalogue.EnergyPerToken, Get("Energy/req (J)") / Get("Avg Output Tokens"));
        Put(MetricCatalogue.TokenThroughput, Get("Token tput (tok/s)"));
        Put(MetricCatalogue.EnergyPerImage, Get("Energy/image (J)"));
        Put(MetricCatalogue.EnergyPerVideo, Get("Energy/video (J)"));
        Put(MetricCatalogue.BatchLatency.Of(Statistic.Mean), Get("Batch latency (s)") * 1000);
        return metrics.Metrics;
    }

    private static JsonDocument Parse(string file)
    {
        try
        {
            return JsonDocument.Parse(
                BoundedFile.ReadAllText(file, BoundedFile.DataLimit, m => new ReplayDataException(m)),
                JsonInput.Options
            );
        }
        catch (JsonException e)
        {
            throw new ReplayDataException($"{file}: {JsonInput.NotJson(e)}; expected an ML.ENERGY v2 results file");
        }
    }
}
