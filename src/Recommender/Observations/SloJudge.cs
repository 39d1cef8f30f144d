using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Observations;

/// <summary>
/// Decides whether observations meet an SLO, preferring a trial's own confidence-aware verdicts. An invalid trial
/// (a validity gate failed) is undecided: neither a pass nor a miss.
/// </summary>
public static class SloJudge
{
    public static SloVerdict Judge(Observation observation, SloConstraint constraint)
    {
        if (observation.Invalid)
        {
            return SloVerdict.Undecided;
        }

        if (!observation.Feasible)
        {
            return SloVerdict.Missed;
        }

        if (observation.Verdicts.TryGetValue(constraint.MetricName, out var verdict))
        {
            return verdict;
        }

        return observation.Metric(constraint.MetricName) switch
        {
            null => SloVerdict.Undecided,
            var value => value <= constraint.ThresholdMs ? SloVerdict.Met : SloVerdict.Missed,
        };
    }

    public static bool Meets(Observation observation, ServiceLevelObjective slo) =>
        Overall(observation, slo) == SloVerdict.Met;

    /// <summary>
    /// The one verdict on the whole SLO: met when every constraint is met, missed when any is missed, else undecided
    /// (a constraint without a verdict yet is neither a pass nor a miss).
    /// </summary>
    public static SloVerdict Overall(Observation observation, ServiceLevelObjective slo)
    {
        var verdicts = slo.Constraints.Select(c => Judge(observation, c)).ToList();
        return verdicts.All(v => v == SloVerdict.Met) ? SloVerdict.Met
            : verdicts.Contains(SloVerdict.Missed) ? SloVerdict.Missed
            : SloVerdict.Undecided;
    }

    /// <summary>
    /// A verdict in the words every table and plan.json use: <c>met</c>, <c>missed</c>, <c>undecided</c> (a table
    /// listing configurations says <c>infeasible</c> instead for one that could not run: ReportFormat.SloWord).
    /// </summary>
    public static string Word(SloVerdict verdict) =>
        verdict switch
        {
            SloVerdict.Met => "met",
            SloVerdict.Missed => "missed",
            _ => "undecided",
        };

    /// <summary>How far the worst constraint is from its bound: 1.0 is on it, 1.2 is 20 % over.</summary>
    public static double WorstRatio(Observation observation, ServiceLevelObjective slo) =>
        observation.Feasible
            ? slo.Constraints.Max(c => (observation.Metric(c.MetricName) ?? double.PositiveInfinity) / c.ThresholdMs)
            : double.PositiveInfinity;
}
