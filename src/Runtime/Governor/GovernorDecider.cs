using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Plans;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// Picks the plan's band for each reading of the server's load, with hysteresis: it starts in the top band (the safe
/// one), steps up at once when the SLO guard or a growing queue says so, or when the measured rate is surely in a
/// higher band (<see cref="GovernorSettings.UpEvidence"/>: a noisy window alone does not step up), and steps down
/// only once the rate has stayed in lower bands for <see cref="GovernorSettings.DownDwell"/> (to the highest of
/// them). The rate is the requests that arrived (finished plus the change in those in the server) over
/// the last <see cref="GovernorSettings.Window"/> of the server's clock. Pure: readings in, decisions out.
/// </summary>
public sealed class GovernorDecider(LoadPlan plan, GovernorSettings settings)
{
    private readonly Queue<ServerLoad> window = new();
    private readonly SloGuard guard = new(plan, settings);
    private ServerLoad? previous;
    private ServerLoad? sinceSwitch;
    private double? lowerSince;
    private int lowerTarget;

    /// <summary>The band in force.</summary>
    public int Band { get; private set; } = plan.Bands.Count - 1;

    public GovernorDecision Observe(ServerLoad load)
    {
        if (previous is { } last && (load.Finished < last.Finished || load.Seconds < last.Seconds))
        {
            // The server restarted: its counters began again.
            window.Clear();
            sinceSwitch = null;
        }

        window.Enqueue(load);
        while (window.Count > 2 && load.Seconds - window.ElementAt(1).Seconds >= settings.Window.TotalSeconds)
        {
            window.Dequeue();
        }

        sinceSwitch ??= load;
        var waitingBefore = previous?.Waiting ?? 0;
        previous = load;
        var first = window.Peek();
        var span = load.Seconds - first.Seconds;
        if (span <= 0)
        {
            return Hold(double.NaN, load, "measuring the rate");
        }

        var arrived = Math.Max(0, load.Finished - first.Finished + load.InSystem - first.InSystem);
        var rate = arrived / span;
        var top = plan.Bands.Count - 1;
        if (Band < top && guard.Check(sinceSwitch, load) is { } danger)
        {
            return SwitchTo(Band + 1, rate, load, danger);
        }

        if (Band < top && load.Waiting > 0 && load.Waiting > waitingBefore)
        {
            return SwitchTo(
                Band + 1,
                rate,
                load,
                Text($"queue growing ({waitingBefore:0} → {load.Waiting:0} waiting)")
            );
        }

        var surely = Math.Max(0, arrived - (settings.UpEvidence * Math.Sqrt(arrived))) / span;
        var target = plan.BandIndexFor(surely);
        if (target > Band)
        {
            return SwitchTo(
                target,
                rate,
                load,
                plan.IsAboveTopLevel(surely)
                    ? BandText.AboveTopLevel(plan, rate) + Text($" (at least {surely:0.##})")
                    : Text($"rate {rate:0.##} {MetricCatalogue.OfferedRate.Unit} (at least {surely:0.##}) ")
                        + Text($"is in band {target}")
            );
        }

        target = plan.BandIndexFor(rate);
        if (target >= Band)
        {
            lowerSince = null;
            return Hold(
                rate,
                load,
                target == Band && plan.IsAboveTopLevel(rate) ? BandText.AboveTopLevel(plan, rate)
                    : target == Band ? "rate in band"
                    : Text($"rate in band {target}, not yet surely (at least {surely:0.##})")
            );
        }

        if (lowerSince is not { } since)
        {
            lowerSince = load.Seconds;
            lowerTarget = target;
            since = load.Seconds;
        }

        lowerTarget = Math.Max(lowerTarget, target);
        var held = load.Seconds - since;
        return held >= settings.DownDwell.TotalSeconds
            ? SwitchTo(lowerTarget, rate, load, Text($"rate below band {Band} for {held:0} s"))
            : Hold(
                rate,
                load,
                Text($"rate in band {lowerTarget} for {held:0} s of {settings.DownDwell.TotalSeconds:0}")
            );
    }

    private GovernorDecision SwitchTo(int band, double rate, ServerLoad load, string reason)
    {
        var from = Band;
        Band = band;
        lowerSince = null;
        sinceSwitch = load;
        return new GovernorDecision(from, band, rate, load.Waiting, reason);
    }

    private GovernorDecision Hold(double rate, ServerLoad load, string reason) =>
        new(Band, Band, rate, load.Waiting, reason);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
