using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Replay;

namespace MLEnergy.SearchEfficiency.Scenarios;

/// <summary>
/// Every model × GPU table of the ML.ENERGY v3 lm-arena-chat and gpqa tasks, with median-ITL deadlines of
/// 20, 30, 50 and 100 ms: the published measurements are the host, and their own numbers are the truth.
/// </summary>
public static class ReplayScenarios
{
    private static readonly string[] Tasks = ["lm-arena-chat", "gpqa"];
    private static readonly double[] Deadlines = [20, 30, 50, 100];

    public static IEnumerable<Scenario> All(string dataDirectory)
    {
        var loader = new ReplayTableLoader(dataDirectory);
        foreach (var task in Tasks)
        {
            var table = loader.Load(task);
            foreach (var model in table.Models)
            {
                foreach (var gpu in table.GpuModels(model))
                {
                    var rows = ReplaySpaceFactory.Rows(table, model, gpu);
                    foreach (var deadline in Deadlines)
                    {
                        var slo = new ServiceLevelObjective([
                            new SloConstraint(LatencyMetric.Itl, Statistic.P50, deadline),
                        ]);
                        var space = ReplaySpaceFactory.Create(table, model, gpu, slo);
                        var energy = space.Objective;
                        var truth = rows.GroupBy(r => r.Configuration)
                            .ToDictionary(
                                g => g.Key,
                                g => new Truth(
                                    g.Average(r => r.Metrics[Recommender.Spaces.ObjectiveKinds.MetricName(energy)]),
                                    g.First()
                                        .Metrics.Where(m => m.Key.EndsWith("_ms", StringComparison.Ordinal))
                                        .ToDictionary(
                                            m => m.Key,
                                            m => g.Average(r => r.Metrics.GetValueOrDefault(m.Key, m.Value))
                                        )
                                )
                            );
                        yield return new Scenario(
                            "replay",
                            $"{task} {model} {gpu} itl<={deadline}ms",
                            space,
                            slo,
                            () => new ReplayEvaluator(table, rows),
                            c => truth.GetValueOrDefault(c)
                        );
                    }
                }
            }
        }
    }
}
