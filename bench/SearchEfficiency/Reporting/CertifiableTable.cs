using System.Globalization;
using MLEnergy.SearchEfficiency.Running;

namespace MLEnergy.SearchEfficiency.Reporting;

/// <summary>
/// What the certifiable reference (<see cref="CertifiableReference"/>, --certifiable) found beside auto's runs: one
/// line per run as it is measured; then per truth (the truth, and "40 seeds": feasibility and the optimum read on
/// the closer truth near a bound) and per rule (a miss ends a configuration's repeats, as a search's rules do; or it
/// is repeated through misses up to the cap) the runs in which some configuration within 1 % and within 3 % of the
/// optimum is certifiable, auto's share within 3 % over all runs and over those runs only; then auto's runs more
/// than 3 % above the optimum on the closer truth: where a configuration within 3 % was certifiable (the search
/// missed it), certifiable only through misses (the repeats' stopping rule missed it), or none was (the
/// certification's price).
/// </summary>
public static class CertifiableTable
{
    /// <summary>One run's reference beside auto's outcome in the same run.</summary>
    public static string Line(CertifiableRun run, Outcome auto) =>
        Text($"  certifiable {run.Scenario}: truth {Describe(run.Truth(), run.Truth(true))}")
        + (run.OnCloserTruth is not null ? Text($"; 40 seeds {Describe(run.Closer(), run.Closer(true))}") : "")
        + Text($"; {run.Measured.Count()} configurations, {run.Trials} trials, {run.Wall.TotalSeconds:0} s")
        + Text($"; auto {Gap(auto.OnTruth.Gap)} / {Gap(auto.Closer.Gap)} in {auto.Trials} trials");

    /// <summary>Each configuration the reference measured, with its gap on each truth it is in (--trace).</summary>
    public static IEnumerable<string> Trace(CertifiableRun run, Outcome auto) =>
        run.Measured.Select(m =>
            Text($"    {m.Certification.Configuration.Key} truth {GapIn(run.OnTruth, m.Certification)}, 40 seeds ")
            + Text($"{GapIn(run.OnCloserTruth, m.Certification)}: {m.Certification.Ended}; auto measured it ")
            + Text($"{Trials(auto, m.Certification)} times")
        );

    public static void Write(TextWriter output, IReadOnlyList<(CertifiableRun Run, Outcome Auto)> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        output.WriteLine(
            Text($"certifiable within {CertifiableReference.Within:P0} of the optimum: the cheapest configurations ")
                + Text($"there, each measured at the run's repetitions and judged by the product's pick rule")
        );
        output.WriteLine(
            Row("truth", "repeats", "runs", "some<=1%", "some<=3%", "auto<=3%", "auto<=3% there")
                + Row("auto<=3% elsewhere", "configs<=3%", "certifiable", "trials", "wall s")
        );
        foreach (var (name, reach, within) in Truths())
        {
            foreach (var throughMisses in new[] { false, true })
            {
                var reached = runs.Where(r => reach(r.Run, throughMisses).Reachable).ToList();
                var missed = runs.Where(r => !reach(r.Run, throughMisses).Reachable).ToList();
                output.WriteLine(
                    Row(
                        name,
                        throughMisses ? "through misses" : "end at a miss",
                        Text($"{runs.Count}"),
                        Share(
                            runs.Count(r =>
                                reach(r.Run, throughMisses) is var x && (!x.OptimumExists || x.NearCertifiable > 0)
                            ),
                            runs.Count
                        ),
                        Share(reached.Count, runs.Count),
                        Share(runs.Count(r => within(r.Auto)), runs.Count),
                        Share(reached.Count(r => within(r.Auto)), reached.Count)
                    )
                        + Row(
                            Share(missed.Count(r => within(r.Auto)), missed.Count),
                            Text($"{runs.Sum(r => reach(r.Run, throughMisses).Within)}"),
                            Text($"{runs.Sum(r => reach(r.Run, throughMisses).Certifiable)}"),
                            Text($"{runs.Sum(r => r.Run.Trials)}"),
                            Text($"{runs.Sum(r => r.Run.Wall.TotalSeconds):0}")
                        )
                );
            }
        }

        var over = runs.Where(r => !r.Auto.Closer.Within(CertifiableReference.Within)).ToList();
        output.WriteLine(
            Text($"auto more than {CertifiableReference.Within:P0} above the optimum on 40 seeds: {over.Count} runs")
        );
        foreach (var (run, auto) in over)
        {
            var (reach, further) = (run.Closer(), run.Closer(true));
            var cheapest = reach.Cheapest ?? further.Cheapest;
            var gap = reach.CheapestGap ?? further.CheapestGap;
            output.WriteLine(
                Text($"  {Cause(reach, further)}: ")
                    + Text($"{run.Scenario}: auto {Gap(auto.Closer.Gap)} ({auto.StopReason}; {auto.Trials} trials, ")
                    + Text($"chose {auto.Recommended ?? "none"}); certifiable {reach.Certifiable} of {reach.Within}")
                    + Text($" ({further.Certifiable} through misses)")
                    + (
                        cheapest is null
                            ? Text($"; {Ends(run)}")
                            : Text($", cheapest {cheapest.Configuration.Key} {Gap(gap)}")
                                + Text($" ({cheapest.Ended}), auto measured it {Trials(auto, cheapest)} times")
                    )
            );
        }
    }

    /// <summary>
    /// Why a run ended more than 3 % above: the search (a configuration within 3 % was certifiable), the repeats'
    /// stopping rule (one was only through misses) or the certification itself (none was).
    /// </summary>
    private static string Cause(Reach reach, Reach further) =>
        reach.Cheapest is not null ? "search"
        : further.Cheapest is not null ? "repeats"
        : "certification";

    private static IEnumerable<(
        string Name,
        Func<CertifiableRun, bool, Reach> Reach,
        Func<Outcome, bool> Within
    )> Truths() =>
        [
            ("truth", (r, through) => r.Truth(through), o => o.OnTruth.Within(CertifiableReference.Within)),
            ("40 seeds", (r, through) => r.Closer(through), o => o.Closer.Within(CertifiableReference.Within)),
        ];

    private static string Describe(Reach reach, Reach further) =>
        !reach.OptimumExists
            ? "nothing meets the SLO"
            : Text($"{reach.Certifiable} of {reach.Within} within {CertifiableReference.Within:P0} certifiable ")
                + Text($"({further.Certifiable} through misses), {reach.NearCertifiable} of {reach.Near} within ")
                + Text($"{CertifiableReference.Near:P0} ({further.NearCertifiable}), cheapest ")
                + (reach.Cheapest is { } c ? Text($"{Gap(reach.CheapestGap)} at {c.PassedAt} trials") : "none")
                + (
                    further.Cheapest is { } f && !ReferenceEquals(f, reach.Cheapest)
                        ? Text($" ({Gap(further.CheapestGap)} through misses, {f.Ended})")
                        : ""
                );

    /// <summary>How the measured configurations' trials ended, by count ("not met at 10" 7, ...).</summary>
    private static string Ends(CertifiableRun run) =>
        string.Join(", ", run.Measured.GroupBy(m => m.Certification.Ended).Select(g => Text($"{g.Key}: {g.Count()}")));

    private static string GapIn(Members? members, Certification certification) =>
        members?.Within.FirstOrDefault(m => m.Certification == certification) is { Certification: not null } m
            ? Gap(m.Gap)
            : "-";

    private static int Trials(Outcome auto, Certification certification) =>
        auto.TrialsAt.GetValueOrDefault(certification.Configuration.Key);

    private static string Gap(double? gap) =>
        gap switch
        {
            null => "no pick",
            double.PositiveInfinity => "miss",
            { } g => Text($"{100 * g:+0.00;-0.00;0.00} %"),
        };

    private static string Share(int count, int of) => of == 0 ? "-" : Text($"{count}/{of} {100.0 * count / of:0}%");

    private static string Row(params string[] cells) => string.Concat(cells.Select(c => c.PadLeft(19)));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
