using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Runtime.Replay;

/// <summary>
/// Builds the search space of one model from a published table: its knobs are the table's columns with the
/// values measured, the space is exactly the measured configurations, and the baseline is the one with the
/// lowest latency on the SLO's metric (what a latency-first operator runs today).
/// </summary>
public static class ReplaySpaceFactory
{
    public static SearchSpace Create(ReplayTable table, string model, string? gpu, ServiceLevelObjective? slo)
    {
        var rows = Rows(table, model, gpu);
        var knobs = table
            .KnobNames.Select(name => new Knob(
                name,
                ReplayKnobs.KindOf(name),
                [.. rows.Select(r => r.Configuration[name]).Distinct().Order()],
                RestartsServer: true,
                OutputPreserving: !table.NonPreservingKnobs.Contains(name)
            ))
            .ToImmutableArray();
        var listed = rows.Select(r => r.Configuration).Distinct().ToImmutableArray();
        var latencyMetric = slo?.Primary.MetricName ?? DefaultLatencyMetric(table);
        var baseline = rows.Where(r => r.Metrics.ContainsKey(latencyMetric))
            .MinBy(r => r.Metrics[latencyMetric])
            ?.Configuration;
        return new SearchSpace
        {
            Name = $"replay-{table.Task}",
            Description = $"{model} in the published measurements of {table.Task}",
            Target = $"replay:{table.Source}",
            Model = model,
            GpuModel = gpu is null
                ? null
                : string.Join(",", rows.Select(r => r.Configuration[ReplayKnobs.GpuModel].Text).Distinct()),
            Load = "as published",
            Objective = ObjectiveOf(rows),
            Knobs = knobs,
            Listed = listed,
            Baseline = baseline,
            SourcePath = table.Source,
        };
    }

    public static IReadOnlyList<ReplayRow> Rows(ReplayTable table, string model, string? gpu)
    {
        var rows = table.Rows.Where(r => string.Equals(r.ModelId, model, StringComparison.OrdinalIgnoreCase)).ToList();
        if (rows.Count == 0)
        {
            throw new ReplayDataException(
                $"model '{model}' is not in {table.Task}; it has: {string.Join(", ", table.Models)}"
            );
        }

        if (gpu is null)
        {
            return rows;
        }

        var onGpu = rows.Where(r => GpuMatches(r.Configuration[ReplayKnobs.GpuModel].Text, gpu)).ToList();
        return onGpu.Count > 0
            ? onGpu
            : throw new ReplayDataException(
                $"no measurements of '{rows[0].ModelId}' on GPU '{gpu}' in {table.Task}; measured on: "
                    + $"{string.Join(", ", table.GpuModels(rows[0].ModelId))}"
            );
    }

    /// <summary>"H100" matches "H100" and "H100 80GB HBM3"; case does not matter.</summary>
    public static bool GpuMatches(string measured, string asked) =>
        string.Equals(measured, asked, StringComparison.OrdinalIgnoreCase)
        || measured.Split(' ', '-').Contains(asked, StringComparer.OrdinalIgnoreCase);

    public static string DefaultLatencyMetric(ReplayTable table) =>
        table.Workload == ReplayWorkload.Llm
            ? (
                table.Rows.Any(r => r.Metrics.ContainsKey(MetricNames.Latency(LatencyMetric.Itl, Statistic.P50)))
                    ? MetricNames.Latency(LatencyMetric.Itl, Statistic.P50)
                    : MetricNames.Latency(LatencyMetric.Tpot, Statistic.Mean)
            )
            : MetricNames.Latency(LatencyMetric.Latency, Statistic.Mean);

    /// <summary>The energy the rows all measure: per token, else per image, per video, per request.</summary>
    public static ObjectiveKind ObjectiveOf(IReadOnlyList<ReplayRow> rows)
    {
        bool Has(string metric) => rows.All(r => r.Metrics.ContainsKey(metric));
        return Has(MetricNames.EnergyPerToken) ? ObjectiveKind.EnergyPerToken
            : Has(MetricNames.EnergyPerImage) ? ObjectiveKind.EnergyPerImage
            : Has(MetricNames.EnergyPerVideo) ? ObjectiveKind.EnergyPerVideo
            : ObjectiveKind.EnergyPerRequest;
    }
}
