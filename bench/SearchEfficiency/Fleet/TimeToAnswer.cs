using MLEnergy.Recommender.Search;
using MLEnergy.Runtime.Studies;
using MLEnergy.SearchEfficiency.Running;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>
/// The host time a study took to an answer as good as another study's final one (the issue's "time to the same
/// recommendation", read as: as close to the optimum): the trials replayed in the order they finished on the virtual
/// clock (<see cref="HostClock"/>), the study's answer after each (<see cref="StudyAnswer"/>, as the result selects
/// it), and the time from which every later answer stayed within <see cref="Tolerance"/> of the target's true energy
/// gap. Null when the final answer is not that good, or the target has no answer.
/// </summary>
public static class TimeToAnswer
{
    /// <summary>Points of energy gap an answer may lie above the target's and count as as good.</summary>
    public const double Tolerance = 0.001;

    public static TimeSpan? Of(
        Scenario scenario,
        IReadOnlyList<StudyTrial> done,
        IReadOnlyList<TimeSpan> finished,
        double? target
    )
    {
        if (target is not { } goal || double.IsNaN(goal) || done.Count == 0)
        {
            return null;
        }

        var request = new TuningRequest(scenario.Space, scenario.Slo);
        var oracle = Oracle.BestEnergy(scenario);
        var order = Enumerable.Range(0, done.Count).OrderBy(i => finished[i]).ToList();
        TimeSpan? since = null;
        for (var k = 1; k <= order.Count; k++)
        {
            var answer = StudyAnswer.Of([.. order.Take(k).Select(i => done[i].Observation)], request);
            var good = Oracle.Gap(scenario, answer, oracle) is { } gap && gap <= goal + Tolerance;
            since = good ? since ?? finished[order[k - 1]] : null;
        }

        return since;
    }
}
