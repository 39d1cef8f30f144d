using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// What the trials so far say: one <see cref="Evidence"/> per configuration, whether repeated trials came
/// back identical (a deterministic target, so there is no noise to confirm against), and the incumbent:
/// the least-energy configuration whose SLO pass is trusted.
/// </summary>
internal sealed class SearchEvidence
{
    public SearchEvidence(SearchState state, KnobGeometry geometry)
    {
        var energyMetric = state.ObjectiveMetric;
        var counts = state
            .Observations.GroupBy(o => o.Configuration)
            .ToDictionary(
                g => g.Key,
                g =>
                    (
                        Full: g.Count(o => o.Fidelity == TrialFidelity.Full),
                        Screening: g.Count(o => o.Fidelity == TrialFidelity.Screening)
                    )
            );
        Items =
        [
            .. RepeatedTrials
                .Merge(state.Observations, state.Slo)
                .Select(merged => new Evidence(
                    merged,
                    geometry.IndexOf(merged.Configuration),
                    counts[merged.Configuration].Full,
                    counts[merged.Configuration].Screening,
                    merged.Feasible ? merged.Metric(energyMetric) : null,
                    SloJudge.WorstRatio(merged, state.Slo)
                )),
        ];
        Deterministic = state
            .Observations.GroupBy(o => o.Configuration)
            .Any(g => g.Count() > 1 && g.Select(o => o.Metric(energyMetric)).Distinct().Count() == 1);
        Measured = [.. Items.Where(e => e.Index >= 0).Select(e => e.Index)];
        Incumbent = Items
            .Where(e => e.Energy is not null && IsTrusted(e) && SloJudge.Meets(e.Merged, state.Slo))
            .OrderBy(e => e.Energy)
            .FirstOrDefault();
    }

    public IReadOnlyList<Evidence> Items { get; }

    public bool Deterministic { get; }

    public HashSet<int> Measured { get; }

    public Evidence? Incumbent { get; }

    /// <summary>Whether the repeats left some SLO constraint of this configuration undecided.</summary>
    public static bool IsUndecided(Evidence evidence) =>
        evidence.Merged.Verdicts.Values.Any(v => v == SloVerdict.Undecided);

    /// <summary>Whether a configuration's result can stand without a full trial.</summary>
    public bool IsTrusted(Evidence evidence) => evidence.FullTrials > 0 || Deterministic;
}
