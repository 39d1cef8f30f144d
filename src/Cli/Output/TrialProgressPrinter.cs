using System.Globalization;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using Serilog;

namespace MLEnergy.Cli.Output;

/// <summary>One line per finished trial on stderr (progress), and a structured log event per trial.</summary>
internal sealed class TrialProgressPrinter(
    TextWriter output,
    ILogger log,
    ServiceLevelObjective slo,
    string energyMetric,
    IReadOnlyList<string> varyingKnobs,
    bool quiet
) : IProgress<TrialProgress>
{
    public void Report(TrialProgress value)
    {
        var o = value.Observation;
        log.Information(
            "Trial {Trial} {Configuration} feasible={Feasible} metrics={@Metrics}",
            value.TrialNumber,
            o.Configuration.Key,
            o.Feasible,
            o.Metrics
        );
        if (quiet)
        {
            return;
        }

        var outcome = !o.Feasible
            ? $"infeasible: {o.InfeasibleReason}"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{slo.Primary.MetricName}={o.Metric(slo.Primary.MetricName):0.###} ms "
                    + $"{energyMetric}={o.Metric(energyMetric):0.####} "
                    + $"{(SloJudge.Meets(o, slo) ? "meets SLO" : "misses SLO")}"
            );
        var knobs =
            varyingKnobs.Count == 0
                ? o.Configuration.Key
                : string.Join(
                    " ",
                    varyingKnobs.Where(o.Configuration.Values.ContainsKey).Select(k => $"{k}={o.Configuration[k]}")
                );
        output.WriteLine($"[{value.TrialNumber}/{value.Candidates}] {knobs}: {outcome}");
    }
}
