using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search.Parallel;

/// <summary>
/// Lets a strategy propose while other workers' trials are still running: each pending trial enters the state as a
/// fantasy observation, so that the strategy treats it as measured and proposes something else (a believer, as in
/// kriging-believer batch optimisation, with the nearest measured configuration standing in for the model's
/// prediction). A pending configuration gets the metrics of the nearest feasible configuration measured (nearest in
/// knob positions), its energy made <see cref="Penalty"/> worse so that a fantasy neither becomes the incumbent nor
/// is re-measured as one of the best. A pending repeat is believed to come back as the mean of its configuration's
/// trials so far, with no penalty: a confirmation believed worse would demote the configuration being confirmed in
/// the proposal's eyes and send the other workers exploring while one worker confirms, which one worker alone would
/// not do. Before any feasible trial a pending trial counts as infeasible. Fantasies stay inside the proposal: they
/// are never stored or reported, and the state counts them (<see cref="SearchState.Believed"/>) so that they are not
/// taken for repeats that came back identical or for noise.
/// </summary>
public static class ConstantLiar
{
    public const string PendingReason = "pending: being measured by another worker";

    /// <summary>How much worse a fantasy's objective is than the trial it stands on.</summary>
    public const double Penalty = 0.05;

    public static SearchState WithPending(SearchState state, IReadOnlyList<PendingTrial> pending)
    {
        if (pending.Count == 0)
        {
            return state;
        }

        var objective = state.ObjectiveMetric;
        var feasible = state.Observations.Where(o => o.Feasible && o.Metric(objective) is not null).ToList();
        var fantasies = pending
            .Select(p =>
                feasible.Where(o => o.Configuration.Equals(p.Configuration)).ToList() is { Count: > 0 } own
                    ? BelieveRepeat(p, own)
                : feasible.Count == 0 ? Observation.Infeasible(p.Configuration, PendingReason)
                : Believe(p, feasible.MinBy(o => Distance(state.Space, o.Configuration, p.Configuration))!, objective)
            )
            .ToList();
        return new SearchState(
            state.Space,
            state.Candidates,
            [.. state.Observations, .. fantasies],
            state.Slo,
            state.TrialsLeft
        )
        {
            Current = state.Current,
            HostTimeLeft = state.HostTimeLeft,
            Throughput = state.Throughput,
            Believed = state.Believed + fantasies.Count,
        };
    }

    private static Observation BelieveRepeat(PendingTrial pending, IReadOnlyList<Observation> trials) =>
        new(
            pending.Configuration,
            trials
                .SelectMany(o => o.Metrics.Keys)
                .Distinct()
                .ToImmutableDictionary(
                    k => k,
                    k => trials.Where(o => o.Metrics.ContainsKey(k)).Average(o => o.Metrics[k])
                )
        )
        {
            Fidelity = pending.Fidelity,
            // The verdicts every trial of the configuration reached; where they differ, the mean is judged.
            Verdicts = trials
                .SelectMany(o => o.Verdicts.Keys)
                .Distinct()
                .Where(k =>
                    trials.Select(o => o.Verdicts.GetValueOrDefault(k, SloVerdict.Undecided)).Distinct().Count() == 1
                )
                .ToImmutableDictionary(k => k, k => trials[0].Verdicts[k]),
        };

    private static Observation Believe(PendingTrial pending, Observation nearest, string objective) =>
        new(
            pending.Configuration,
            nearest.Metrics.ToImmutableDictionary(
                m => m.Key,
                m => m.Key == objective ? m.Value * (IsHigherBetter(m.Key) ? 1 - Penalty : 1 + Penalty) : m.Value
            )
        )
        {
            Fidelity = pending.Fidelity,
        };

    /// <summary>Squared distance between two configurations in knob positions, each knob scaled to [0, 1].</summary>
    private static double Distance(SearchSpace space, Configuration a, Configuration b) =>
        space
            .Knobs.Where(k => k.Values.Length > 1)
            .Sum(k =>
                a.TryGet(k.Name, out var x) && b.TryGet(k.Name, out var y)
                    ? Math.Pow((k.Values.IndexOf(x) - k.Values.IndexOf(y)) / (double)(k.Values.Length - 1), 2)
                    : 1
            );

    private static bool IsHigherBetter(string metric) => MetricCatalogue.Find(metric) is { HigherIsBetter: true };
}
