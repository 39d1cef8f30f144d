using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Plans;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// Picks the plan's band for each reading of the server's load: it starts in the top band (the safe one), steps up at
/// once when the SLO guard or a growing queue says so, and otherwise moves only when the arrivals between readings are
/// surely past the band's edge (<see cref="RateEvidence"/>: a sequential test whose false steps, at a steady load in
/// the band, come at most <see cref="GovernorSettings.RateRisk"/> times an hour however often it looks), up at once to
/// the highest band surely reached, down to the lowest one but no sooner than <see cref="GovernorSettings.DownDwell"/>
/// after the last switch. The rate it reports is the requests that arrived (finished plus the change in those in the
/// server) over the last <see cref="GovernorSettings.Window"/> of the server's clock. Pure: readings in, decisions
/// out.
/// </summary>
public sealed class GovernorDecider(LoadPlan plan, GovernorSettings settings)
{
    private readonly Queue<ServerLoad> window = new();
    private readonly SloGuard guard = new(plan, settings);
    private ServerLoad? previous;
    private readonly RateEvidence evidence = new(plan, settings);
    private ServerLoad? sinceSwitch;

    /// <summary>The band in force.</summary>
    public int Band { get; private set; } = plan.Bands.Count - 1;

    public GovernorDecision Observe(ServerLoad load)
    {
        if (previous is { } last && (load.Finished < last.Finished || load.Seconds < last.Seconds))
        {
            // The server restarted: its counters began again.
            window.Clear();
            evidence.Reset();
            sinceSwitch = null;
            previous = null;
        }

        window.Enqueue(load);
        while (window.Count > 2 && load.Seconds - window.ElementAt(1).Seconds >= settings.Window.TotalSeconds)
        {
            window.Dequeue();
        }

        var stay = sinceSwitch ??= load;
        var waitingBefore = previous?.Waiting ?? 0;
        if (previous is { } before)
        {
            evidence.Add(
                load.Finished + load.InSystem - before.Finished - before.InSystem,
                load.Seconds - before.Seconds
            );
        }

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

        var above = evidence.SurelyAtLeast(Band);
        if (above > Band)
        {
            var edge = evidence.UpperEdge(above - 1);
            return SwitchTo(
                above,
                rate,
                load,
                plan.IsAboveTopLevel(rate)
                    ? BandText.AboveTopLevel(plan, rate) + Text($" (surely above {edge:0.##})")
                    : Text($"rate {rate:0.##} {MetricCatalogue.OfferedRate.Unit} ")
                        + Text($"is surely above {edge:0.##} (band {above})")
            );
        }

        var below = evidence.SurelyAtMost(Band);
        if (below == Band)
        {
            return Hold(
                rate,
                load,
                plan.BandIndexFor(rate) != Band
                        ? Text($"rate out of band {Band}, not yet surely (a rise {evidence.RiseShare(Band):P0} sure)")
                    : plan.IsAboveTopLevel(rate) ? BandText.AboveTopLevel(plan, rate)
                    : "rate in band"
            );
        }

        var held = load.Seconds - stay.Seconds;
        return held >= settings.DownDwell.TotalSeconds
            ? SwitchTo(below, rate, load, Text($"rate surely below band {Band} ({held:0} s in it)"))
            : Hold(
                rate,
                load,
                Text($"rate surely in band {below}, {held:0} s in band {Band} of {settings.DownDwell.TotalSeconds:0}")
            );
    }

    private GovernorDecision SwitchTo(int band, double rate, ServerLoad load, string reason)
    {
        var from = Band;
        Band = band;
        evidence.Crossed(from, band);
        sinceSwitch = load;
        return new GovernorDecision(from, band, rate, load.Waiting, reason);
    }

    private GovernorDecision Hold(double rate, ServerLoad load, string reason) =>
        new(Band, Band, rate, load.Waiting, reason);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
