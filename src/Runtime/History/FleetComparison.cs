using System.Collections.Immutable;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.History;

/// <summary>
/// Hosts that tuned the same problem side by side (<see cref="RunFingerprint.Comparable"/>: the same model, GPU, SLO,
/// space, pins, throughput floor, load and workload): each host's latest finished recommendation, and how far each
/// host's energy is from the fleet's best. Energy per token at 2 requests/s and at saturation are different
/// quantities, and a host that might only choose among some batch sizes or had to keep 90 % of its baseline's
/// throughput answered another question, so such runs are other groups.
/// </summary>
public sealed record FleetComparison(string Model, string Gpu, string Slo, ImmutableArray<FleetHost> Hosts)
{
    /// <summary>What the group's runs share beyond model, GPU and SLO: space, pins, floor, load, workload
    /// (<see cref="RunFingerprint.Conditions"/>).</summary>
    public string Conditions { get; init; } = string.Empty;

    public static ImmutableArray<FleetComparison> Of(IEnumerable<RunSummary> runs) =>
        [
            .. runs.Where(r => r.Status == RunStatus.Finished && r.Completion is not null && r.Run.Model is not null)
                .GroupBy(r =>
                    (
                        Model: r.Run.Model!,
                        Gpu: r.Run.Gpu ?? "-",
                        r.Run.Slo,
                        Comparable: RunFingerprint.Comparable(r.Run)
                    )
                )
                .OrderBy(g => g.Key.Model, StringComparer.Ordinal)
                .ThenBy(g => g.Key.Gpu, StringComparer.Ordinal)
                .ThenBy(g => g.Key.Comparable, StringComparer.Ordinal)
                .Select(g =>
                {
                    var latest = g.GroupBy(r => r.Run.HostId)
                        .Select(h => h.MaxBy(r => r.Completion!.FinishedAt)!)
                        .ToList();
                    var best = latest.Select(r => r.Completion!.Energy).Where(e => e is > 0).DefaultIfEmpty(null).Min();
                    return new FleetComparison(
                        g.Key.Model,
                        g.Key.Gpu,
                        g.Key.Slo,
                        [
                            .. latest
                                .OrderBy(r => r.Completion!.Energy ?? double.MaxValue)
                                .ThenBy(r => r.Run.HostId, StringComparer.Ordinal)
                                .Select(r => new FleetHost(
                                    r.Run.HostId,
                                    r.Run.Id,
                                    r.Completion!,
                                    best is { } b && r.Completion!.Energy is { } e ? 100 * (e - b) / b : null
                                )),
                        ]
                    )
                    {
                        Conditions = RunFingerprint.Conditions(g.First().Run),
                    };
                }),
        ];
}
