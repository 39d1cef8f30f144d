using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Tests.Support;
using MLEnergy.Runtime.Studies;
using MLEnergy.SearchEfficiency.Running;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>
/// <c>--trace</c>: where a study's trials went. Distinct configurations and repeats, the configurations the other
/// study never measured, and how many trials finished after the first moment the strategy, given the trials
/// finished by then, would have stopped (trials a study ran on while others were still being measured).
/// </summary>
public static class StudyTrace
{
    public static string Describe(Scenario scenario, IReadOnlyList<StudyTrial> trials, ISet<Configuration> other)
    {
        var configurations = trials.Select(t => t.Observation.Configuration).Distinct().ToList();
        var candidates = scenario.Space.Enumerate().ToList();
        var strategy = StrategyFactory.Create("auto", scenario.Name.Length);
        var firstStop = -1;
        for (var k = 1; k <= trials.Count && firstStop < 0; k++)
        {
            var seen = trials.Take(k).Select(t => t.Observation).ToList();
            var state = new SearchState(scenario.Space, candidates, seen, scenario.Slo, int.MaxValue)
            {
                Current = seen[^1].Configuration,
            };
            firstStop = strategy.Next(state).Configuration is null ? k : -1;
        }

        var order = string.Join(
            " ",
            trials.Select(t =>
                $"{t.Worker}:{configurations.IndexOf(t.Observation.Configuration)}"
                + (other.Contains(t.Observation.Configuration) ? "" : "*")
                + (Restarted(t) ? "!" : "")
            )
        );
        var oracle = Oracle.BestEnergy(scenario);
        var repeated = string.Join(
            " ",
            configurations
                .Select((c, i) => (c, i, n: trials.Count(t => t.Observation.Configuration.Equals(c))))
                .Where(r => r.n > 1)
                .Select(r => $"{r.i}:{r.n}x {r.c.Key} {Gap(Oracle.Gap(scenario, r.c, oracle))};")
        );
        return string.Create(
            CultureInfo.InvariantCulture,
            $"    {trials.Count} trials, {configurations.Count} configurations ({trials.Count - configurations.Count} "
                + $"repeats), {configurations.Count(c => !other.Contains(c))} not in the other study; "
                + $"would stop after {(firstStop < 0 ? "-" : firstStop.ToString(CultureInfo.InvariantCulture))}\n"
                + $"    {order}\n"
                + $"    repeated (trials, true gap): {repeated}"
        );
    }

    /// <summary>Whether the trial began with a server restart: it lasted a synthetic trial plus a restart.</summary>
    public static bool Restarted(StudyTrial trial) =>
        trial.Observation.HostTime == SyntheticEvaluator.FullTrial + SyntheticEvaluator.Restart
        || trial.Observation.HostTime == SyntheticEvaluator.ScreeningTrial + SyntheticEvaluator.Restart;

    private static string Gap(double? gap) =>
        gap switch
        {
            null => "-",
            double.PositiveInfinity => "miss",
            { } g => string.Create(CultureInfo.InvariantCulture, $"{g:P1}"),
        };
}
