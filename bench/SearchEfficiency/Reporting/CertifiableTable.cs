using System.Globalization;
using MLEnergy.SearchEfficiency.Running;

namespace MLEnergy.SearchEfficiency.Reporting;

/// <summary>
/// What the certifiable reference (<see cref="CertifiableReference"/>, --certifiable) found beside auto's runs: one
/// line per run as it is measured; then per truth (the truth, and "40 seeds": feasibility and the optimum read on
/// the closer truth near a bound) the runs in which some configuration within 1 % and within 3 % of the optimum is
/// certifiable, auto's share within 3 % over all runs and over those runs only; then auto's runs more than 3 % above
/// the optimum on the closer truth, split into those where a configuration within 3 % was certifiable (the search
/// missed it) and those where none was (the certification's price).
/// </summary>
public static class CertifiableTable
{
    /// <summary>One run's reference beside auto's outcome in the same run.</summary>
    public static string Line(CertifiableRun run, Outcome auto) =>
        Text($"  certifiable {run.Scenario}: truth {Describe(run.OnTruth)}")
        + (run.OnCloserTruth is { } closer ? Text($"; 40 seeds {Describe(closer)}") : "")
        + Text($"; {run.Measured.Count} configurations, {run.Trials} trials, {run.Wall.TotalSeconds:0} s")
        + Text($"; auto {Gap(auto.OnTruth.Gap)} / {Gap(auto.Closer.Gap)} in {auto.Trials} trials");

    /// <summary>Each configuration the reference measured (--trace).</summary>
    public static IEnumerable<string> Trace(CertifiableRun run, Outcome auto) =>
        run.Measured.Select(m =>
            Text($"    {m.Certification.Configuration.Key} true {Gap(m.Gap)}: {m.Certification.Ended} after ")
            + Text($"{m.Certification.Trials} trials; auto measured it {Trials(auto, m.Certification)} times")
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
            Row("truth", "runs", "some<=1%", "some<=3%", "auto<=3%", "auto<=3% there", "auto<=3% elsewhere")
                + Row("configs<=3%", "certifiable", "trials", "wall s")
        );
        foreach (var (name, reach, within) in Truths())
        {
            var reached = runs.Where(r => reach(r.Run).Reachable).ToList();
            var missed = runs.Where(r => !reach(r.Run).Reachable).ToList();
            output.WriteLine(
                Row(
                    name,
                    Text($"{runs.Count}"),
                    Share(runs.Count(r => !reach(r.Run).OptimumExists || reach(r.Run).NearCertifiable > 0), runs.Count),
                    Share(reached.Count, runs.Count),
                    Share(runs.Count(r => within(r.Auto)), runs.Count),
                    Share(reached.Count(r => within(r.Auto)), reached.Count),
                    Share(missed.Count(r => within(r.Auto)), missed.Count)
                )
                    + Row(
                        Text($"{runs.Sum(r => reach(r.Run).Within)}"),
                        Text($"{runs.Sum(r => reach(r.Run).Certifiable)}"),
                        Text($"{runs.Sum(r => r.Run.Trials)}"),
                        Text($"{runs.Sum(r => r.Run.Wall.TotalSeconds):0}")
                    )
            );
        }

        var over = runs.Where(r => !r.Auto.Closer.Within(CertifiableReference.Within)).ToList();
        output.WriteLine(
            Text($"auto more than {CertifiableReference.Within:P0} above the optimum on 40 seeds: {over.Count} runs")
        );
        foreach (var (run, auto) in over)
        {
            var reach = run.Closer;
            output.WriteLine(
                reach.Cheapest is { } cheapest
                    ? Text($"  search: {run.Scenario}: auto {Gap(auto.Closer.Gap)} ({auto.StopReason}; ")
                        + Text($"{auto.Trials} trials, chose {auto.Recommended ?? "none"}); certifiable ")
                        + Text($"{reach.Certifiable} of {reach.Within}, cheapest {cheapest.Configuration.Key} ")
                        + Text($"{Gap(reach.CheapestGap)} at {cheapest.PassedAt} trials, auto measured it ")
                        + Text($"{Trials(auto, cheapest)} times")
                    : Text($"  certification: {run.Scenario}: auto {Gap(auto.Closer.Gap)}; none of ")
                        + Text($"{reach.Within} within {CertifiableReference.Within:P0} certifiable (")
                        + Ends(run)
                        + ")"
            );
        }
    }

    private static IEnumerable<(string Name, Func<CertifiableRun, Reach> Reach, Func<Outcome, bool> Within)> Truths() =>
        [
            ("truth", r => r.OnTruth, o => o.OnTruth.Within(CertifiableReference.Within)),
            ("40 seeds", r => r.Closer, o => o.Closer.Within(CertifiableReference.Within)),
        ];

    private static string Describe(Reach reach) =>
        !reach.OptimumExists
            ? "nothing meets the SLO"
            : Text($"{reach.Certifiable} of {reach.Within} within {CertifiableReference.Within:P0} certifiable, ")
                + Text($"{reach.NearCertifiable} of {reach.Near} within {CertifiableReference.Near:P0}, cheapest ")
                + (reach.Cheapest is { } c ? Text($"{Gap(reach.CheapestGap)} at {c.PassedAt} trials") : "none");

    /// <summary>How the measured configurations' trials ended, by count (undecided 7, missed 2).</summary>
    private static string Ends(CertifiableRun run) =>
        string.Join(", ", run.Measured.GroupBy(m => m.Certification.Ended).Select(g => Text($"{g.Key} {g.Count()}")));

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
