using System.Globalization;
using MLEnergy.LoadFollowing.Policies;
using MLEnergy.Simulation.Http;

namespace MLEnergy.LoadFollowing;

/// <summary>Writes the evaluation as README shows it: how each trace was scaled, the plan, and one table.</summary>
public static class ResultTable
{
    public static void Write(TextWriter output, EvaluationOptions options, IReadOnlyList<CaseReport> reports)
    {
        var slice = options.Minutes is { } m
            ? Text($"minutes {options.FromMinute}-{options.FromMinute + m}")
            : Text($"from minute {options.FromMinute}");
        output.WriteLine(
            Text($"Trace: Azure LLM inference {options.Trace} ({Path.GetFileName(options.TracePath)}), {slice}; ")
                + Text($"SLO {EvaluationOptions.Slo}; plans tuned under workload {PlanTuner.Workload}")
        );
        foreach (var report in reports)
        {
            var trace = report.Trace;
            output.WriteLine(
                Text($"{report.Model.Name} ({report.Model.ModelId}, {report.Model.TensorParallel}x H100): baseline ")
                    + Text($"capacity {report.CapacityRequestsPerSecond:0.00} req/s; scale={trace.Scale:0.###}: ")
                    + Text($"{trace.Requests.Count} requests in {trace.LastArrivalSeconds / 60:0.0} min, busiest ")
                    + Text($"minute {trace.BusiestRate:0.00} req/s ")
                    + Text($"({100 * trace.BusiestRate / report.CapacityRequestsPerSecond:0} % of capacity)")
            );
            output.WriteLine(
                "  plan: "
                    + string.Join(
                        "; ",
                        report.Plan.Bands.Select(b =>
                            Text($"{b.FromRequestsPerSecond:0.##}-")
                            + (b.ToRequestsPerSecond is { } t ? Text($"{t:0.##}") : "")
                            + Text($" req/s {Settings(BandSettings.Of(b))}")
                        )
                    )
            );
            output.WriteLine(
                "  best static: "
                    + (report.Static is { } s ? Settings(s) : "none meets the SLO at the busiest minute (baseline)")
            );
            output.WriteLine(
                "  govern's band switches: "
                    + string.Join(
                        ", ",
                        report.GovernSwitchReasons.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}")
                    )
            );
        }

        output.WriteLine();
        output.WriteLine(
            "| model | policy | energy (kWh) | J/token | requests with TPOT <= 50 ms | p99 TPOT (ms) | max queue "
                + "| unfinished | switches/h | saving vs best static | saving vs baseline |"
        );
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var report in reports)
        {
            foreach (var o in report.Outcomes)
            {
                output.WriteLine(
                    Text($"| {report.Model.Name} | {o.Policy} | {o.KilowattHours:0.000} | {o.JoulesPerToken:0.000} ")
                        + Text(
                            $"| {100 * o.MeetingShare:0.00} % | {o.TpotP99Ms:0.0} | {o.MaxWaiting} | {o.Unfinished} "
                        )
                        + Text($"| {o.SwitchesPerHour:0} | {o.SavingPercent(report.BestStatic):0.0} % ")
                        + Text($"| {o.SavingPercent(report.Baseline):0.0} % |")
                );
            }
        }
    }

    private static string Settings(SimulatedGpuSettings s) =>
        Text($"{(s.SmClockCapMhz is { } c ? Text($"{c} MHz") : "max clock")}, ")
        + (s.PowerLimitWatts is { } w ? Text($"{w:0} W") : "default limit");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
