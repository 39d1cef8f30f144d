using System.Collections.Immutable;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search.Parallel;

/// <summary>
/// Lets a strategy propose while other workers' trials are still running: each pending trial enters the state as a
/// fantasy observation, so that the strategy treats it as measured and proposes something else. A pending new
/// configuration gets the worst value of each metric seen so far (a pessimistic constant liar: workers spread out
/// rather than crowd one region), or counts as infeasible before any trial has finished; a pending repeat of a
/// measured configuration gets its last trial, a hair worse, so that it neither reads as an exact repeat (a
/// deterministic target) nor moves the incumbent. Fantasies are never stored or reported.
/// </summary>
public static class ConstantLiar
{
    public const string PendingReason = "pending: being measured by another worker";

    /// <summary>How much worse a fantasy repeat is than the trial it copies.</summary>
    public const double RepeatPenalty = 1e-6;

    public static SearchState WithPending(SearchState state, IReadOnlyList<PendingTrial> pending)
    {
        if (pending.Count == 0)
        {
            return state;
        }

        var measured = state.Observations;
        var feasible = measured.Where(o => o.Feasible).ToList();
        var worst = feasible
            .SelectMany(o => o.Metrics.Keys)
            .Distinct()
            .ToImmutableDictionary(k => k, k => Worst(k, feasible.Select(o => o.Metric(k)).OfType<double>()));
        var fantasies = pending.Select(p =>
            measured.LastOrDefault(o => o.Configuration.Equals(p.Configuration)) is { } last
                ? Repeat(last, p.Fidelity)
                : feasible.Count == 0
                    ? Observation.Infeasible(p.Configuration, PendingReason)
                    : new Observation(p.Configuration, worst)
        );
        return new SearchState(state.Space, state.Candidates, [.. measured, .. fantasies], state.Slo, state.TrialsLeft)
        {
            Current = state.Current,
            HostTimeLeft = state.HostTimeLeft,
        };
    }

    private static Observation Repeat(Observation last, TrialFidelity fidelity) =>
        last with
        {
            Fidelity = fidelity,
            Metrics = last.Metrics.ToImmutableDictionary(
                m => m.Key,
                m => m.Value * (IsHigherBetter(m.Key) ? 1 - RepeatPenalty : 1 + RepeatPenalty)
            ),
        };

    private static double Worst(string metric, IEnumerable<double> values) =>
        IsHigherBetter(metric) ? values.Min() : values.Max();

    private static bool IsHigherBetter(string metric) =>
        MetricCatalogue.Find(metric) is { HigherIsBetter: true };
}
