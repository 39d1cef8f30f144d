using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// The configuration a study's finished trials recommend: the least energy among those that meet the SLO (repeats
/// merged and judged with the noise they showed) and keep the throughput floor, as each worker's result selects it;
/// null when none does. A stopping study compares it at the stop point and after the trials still being measured
/// then came back: the same answer finishes the study, another opens it again.
/// </summary>
public static class StudyAnswer
{
    public static Configuration? Of(IReadOnlyList<Observation> trials, TuningRequest request)
    {
        var floor = request.Throughput?.Resolve(trials);
        var pooled = CapTwins.Of(request.Space, trials).Pool(trials);
        var merged = RepeatedTrials.Merge(pooled, request.Slo).Where(o => floor?.Keeps(o) ?? true).ToList();
        return RecommendationSelector
            .Select(merged, request.Slo, request.Space.Objective, request.Space.Baseline)
            .Recommended?.Configuration;
    }
}
