using System.Globalization;
using MLEnergy.Runtime.Stores;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>
/// <c>--fleet</c>: each synthetic scenario tuned by auto as a study of one worker, then of <c>--workers N</c>
/// (default 4), on the PostgreSQL store of <c>--store</c> (or $MLENERGY_STORE), trials paced to their host time
/// (<c>--pace</c>, default 1/1000). Prints per scenario the makespan in host time (<see cref="HostClock"/>) and the
/// wall time, trials measured in all, whether both found the same recommendation and its true energy gap to the
/// oracle; then the totals against the targets.
/// </summary>
public static class FleetBench
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var store = Option(args, "--store") ?? Environment.GetEnvironmentVariable(TrialStoreFactory.Variable);
        if (store is null)
        {
            output.WriteLine("--fleet needs a PostgreSQL store: --store postgres://... or $MLENERGY_STORE");
            return 2;
        }

        var workers = int.Parse(Option(args, "--workers") ?? "4", CultureInfo.InvariantCulture);
        var pace = double.Parse(Option(args, "--pace") ?? "0.001", CultureInfo.InvariantCulture);
        var scenarios = SyntheticScenarios
            .All(seeds: int.Parse(Option(args, "--seeds") ?? "1", CultureInfo.InvariantCulture))
            .Where(s => Option(args, "--only") is not { } only || s.Name.Contains(only, StringComparison.Ordinal))
            .ToList();
        var folder = Directory.CreateTempSubdirectory("mlenergy-fleet-bench-").FullName;
        var runner = new StudyRunner(store, folder, pace);
        var unpaced = new StudyRunner(store, folder, 0);
        var manyOnly = args.Contains("--many-only");
        output.WriteLine(
            $"{"scenario", -34} {"host 1", 7} {"host " + workers, 7} {"ratio", 6} {"wall 1", 7} {"wall " + workers, 7} "
                + $"{"ratio", 6} {"trials 1", 8} {"trials " + workers, 8} {"ratio", 6} {"same", 5} {"gap 1", 7} "
                + $"{"gap " + workers, 7}"
        );
        var rows = new List<(FleetRun One, FleetRun Many)>();
        var toAnswer = new List<TimeSpan?>();
        foreach (var scenario in scenarios)
        {
            // --many-only: the one-worker study runs unpaced (one worker's trials do not depend on timing), so its host
            // time is exact and its wall time meaningless.
            var one = await (manyOnly ? unpaced : runner).RunAsync(scenario, 1, cancellationToken);
            var many = await runner.RunAsync(scenario, workers, cancellationToken);
            rows.Add((one, many));
            toAnswer.Add(TimeToAnswer.Of(scenario, many.Log, many.Finished, one.Gap));
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{scenario.Name, -34} {one.Host.TotalHours, 6:0.0}h {many.Host.TotalHours, 6:0.0}h "
                        + $"{many.Host / one.Host, 6:P0} {Wall(one, manyOnly)} {many.Wall.TotalSeconds, 6:0.0}s "
                        + $"{(manyOnly ? "-" : Percent(many.Wall / one.Wall)), 6} "
                        + $"{one.Trials, 8} {many.Trials, 8} "
                        + $"{(double)many.Trials / one.Trials, 6:0.00} {Same(one, many), 5} "
                        + $"{Gap(one.Gap), 7} {Gap(many.Gap), 7}"
                )
            );
            if (args.Contains("--trace"))
            {
                var ones = one.Log.Select(t => t.Observation.Configuration).ToHashSet();
                var manys = many.Log.Select(t => t.Observation.Configuration).ToHashSet();
                output.WriteLine(StudyTrace.Describe(scenario, one.Log, manys) + $"\n    stop: {one.StopReason}");
                output.WriteLine(StudyTrace.Describe(scenario, many.Log, ones) + $"\n    stop: {many.StopReason}");
                output.WriteLine($"    idle: {Idle([many], workers)}");
                output.WriteLine($"    to one worker's answer: {ToAnswer(one, many, toAnswer[^1])}");
            }
        }

        var wall = manyOnly
            ? ""
            : string.Create(
                CultureInfo.InvariantCulture,
                $"wall {rows.Sum(r => r.Many.Wall.TotalSeconds) / rows.Sum(r => r.One.Wall.TotalSeconds):P0} "
                    + $"(median {Median(rows.Select(r => r.Many.Wall / r.One.Wall)):P0}), "
            );
        output.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"total: host time {rows.Sum(r => r.Many.Host.TotalHours) / rows.Sum(r => r.One.Host.TotalHours):P0} "
                    + $"of one worker's (median per scenario {Median(rows.Select(r => r.Many.Host / r.One.Host)):P0}), "
                    + $"{wall}"
                    + $"trials {(double)rows.Sum(r => r.Many.Trials) / rows.Sum(r => r.One.Trials):0.00}x, "
                    + $"their host time {TrialHours(rows):0.00}x, "
                    + $"restarts {Restarts(rows.Select(r => r.One))} (1: "
                    + $"{RestartBreakdown.Describe(rows.Select(r => r.One))}) and {Restarts(rows.Select(r => r.Many))} "
                    + $"({workers}: {RestartBreakdown.Describe(rows.Select(r => r.Many))}), "
                    + $"screening trials {Screening(rows.Select(r => r.One))} (1) and "
                    + $"{Screening(rows.Select(r => r.Many))} ({workers}), "
                    + $"same recommendation in {rows.Count(r => Same(r.One, r.Many) == "yes")} of {rows.Count}, "
                    + $"median gap {Gap(Median(rows.Select(r => r.One.Gap ?? double.NaN)))} (1) and "
                    + $"{Gap(Median(rows.Select(r => r.Many.Gap ?? double.NaN)))} ({workers}); "
                    + $"idle: {Idle([.. rows.Select(r => r.Many)], workers)}"
            )
        );
        output.WriteLine(Split(rows, toAnswer, workers));
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    /// <summary>Studies one worker ends in fewer than this many trials are reported apart.</summary>
    private const int Small = 35;

    /// <summary>
    /// The totals split by the size of one worker's study, and the many workers' host time until their answer was
    /// as good as one worker's final one (<see cref="TimeToAnswer"/>; a study whose answer never got there counts its
    /// whole makespan).
    /// </summary>
    private static string Split(
        IReadOnlyList<(FleetRun One, FleetRun Many)> rows,
        List<TimeSpan?> toAnswer,
        int workers
    )
    {
        var reached = toAnswer.Count(t => t is not null);
        var answerHours = rows.Select((r, i) => (toAnswer[i] ?? r.Many.Host).TotalHours).Sum();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"split: {Part(rows, r => r.One.Trials < Small, $"one worker < {Small} trials")}; "
                + $"{Part(rows, r => r.One.Trials >= Small, $">= {Small}")}; {workers} workers' host time to one "
                + $"worker's answer (gap within {TimeToAnswer.Tolerance:P1} of it) "
                + $"{answerHours / rows.Sum(r => r.One.Host.TotalHours):P0} of one worker's, reached in {reached} of "
                + $"{rows.Count}"
        );
    }

    private static string Part(
        IReadOnlyList<(FleetRun One, FleetRun Many)> rows,
        Func<(FleetRun One, FleetRun Many), bool> which,
        string label
    )
    {
        var part = rows.Where(which).ToList();
        return part.Count == 0
            ? $"{label}: none"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{label}: {part.Count} studies, host time "
                    + $"{part.Sum(r => r.Many.Host.TotalHours) / part.Sum(r => r.One.Host.TotalHours):P0}, trials "
                    + $"{(double)part.Sum(r => r.Many.Trials) / part.Sum(r => r.One.Trials):0.00}x"
            );
    }

    private static string ToAnswer(FleetRun one, FleetRun many, TimeSpan? at) =>
        at is { } t
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{t.TotalHours:0.0}h ({t / one.Host:P0} of one worker's host time, {t / many.Host:P0} of the study)"
            )
            : "not reached";

    /// <summary>The workers' host time waiting on results and in the tail, as shares of workers × makespan.</summary>
    private static string Idle(IReadOnlyList<FleetRun> runs, int workers)
    {
        var whole = runs.Sum(r => r.Host.TotalHours) * workers;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"waiting on results {runs.Sum(r => r.Idle?.Waiting.TotalHours ?? 0) / whole:P1}, "
                + $"tail {runs.Sum(r => r.Idle?.Tail.TotalHours ?? 0) / whole:P1} of {workers} workers' makespan"
        );
    }

    /// <summary>The many workers' trials' host time (restarts included, idle time not) against one worker's.</summary>
    private static double TrialHours(IReadOnlyList<(FleetRun One, FleetRun Many)> rows) =>
        rows.Sum(r => r.Many.Log.Sum(t => t.Observation.HostTime.TotalHours))
        / rows.Sum(r => r.One.Log.Sum(t => t.Observation.HostTime.TotalHours));

    private static int Restarts(IEnumerable<FleetRun> runs) => runs.Sum(r => r.Log.Count(StudyTrace.Restarted));

    private static int Screening(IEnumerable<FleetRun> runs) =>
        runs.Sum(r =>
            r.Log.Count(t => t.Observation.Fidelity == MLEnergy.Recommender.Observations.TrialFidelity.Screening)
        );

    private static string Percent(double ratio) => ratio.ToString("P0", CultureInfo.InvariantCulture);

    private static string Wall(FleetRun run, bool unpaced) =>
        unpaced ? $"{"-", 7}" : string.Create(CultureInfo.InvariantCulture, $"{run.Wall.TotalSeconds, 6:0.0}s");

    private static string Same(FleetRun one, FleetRun many) => one.Recommended == many.Recommended ? "yes" : "no";

    private static string Gap(double? gap) =>
        gap switch
        {
            null or double.NaN => "-",
            double.PositiveInfinity => "miss",
            { } g => string.Create(CultureInfo.InvariantCulture, $"{g:P1}"),
        };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
