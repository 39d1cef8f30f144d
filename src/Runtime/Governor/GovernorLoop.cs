using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Prometheus;
using MLEnergy.Runtime.Requests;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// Follows a server's load until cancelled: reads its metrics every <c>interval</c>, asks the
/// <see cref="GovernorDecider"/> for the band and puts it in force, logging every switch (time, rate, queue, from →
/// to, why) and each GPU setting it left as set by hand. A server that does not answer is logged once; the band in
/// force stays, and when the server is back the band is set again (a restarted server starts at its own settings).
/// Without an actuator (a dry run) it only logs.
/// </summary>
public sealed class GovernorLoop(
    LoadPlan plan,
    GovernorDecider decider,
    Func<CancellationToken, Task<string>> readMetrics,
    IBandActuator? actuator,
    TextWriter log,
    TimeProvider time,
    TimeSpan interval
)
{
    private double? firstSeconds;
    private double lastSeconds;
    private double earlierSeconds;

    public int Switches { get; private set; }

    /// <summary>The switches and how often they came, per hour of the server's clock.</summary>
    public string Summary
    {
        get
        {
            var hours = firstSeconds is { } first ? (earlierSeconds + lastSeconds - first) / 3600 : 0;
            return hours > 0
                ? CountText.Of(Switches, "switch", "switches")
                    + Invariant($" in {hours * 3600:0} s of the server's clock ({Switches / hours:0.#}/h)")
                : CountText.Of(Switches, "switch", "switches");
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var verb = actuator is null ? "would set" : "set";
        string? down = null;
        var left = TryApply(decider.Band);
        var unsetBand = left is null;
        Log($"{verb} {BandText.Describe(plan, decider.Band)} to start (the top band until the rate is measured)");
        LogEach(left);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (unsetBand && down is null)
            {
                left = TryApply(decider.Band);
                unsetBand = left is null;
                LogEach(left);
            }

            string page;
            try
            {
                page = await readMetrics(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsServerDown(e))
            {
                if (down is null)
                {
                    var band = BandText.Describe(plan, decider.Band);
                    Log($"the server's metrics do not answer ({e.Message}); keeping {band} and waiting for it");
                }

                down = e.Message;
                unsetBand = true;
                await Task.Delay(interval, time, cancellationToken);
                continue;
            }

            ServerLoad load;
            try
            {
                load = VllmMetrics.Read(PrometheusPage.Parse(page), time.GetUtcNow().ToUnixTimeMilliseconds() / 1e3);
            }
            catch (FormatException e)
            {
                throw new TargetException($"cannot follow this server: {e.Message}", e);
            }

            if (down is not null)
            {
                Log($"the server answers again; setting {BandText.Describe(plan, decider.Band)} again");
                down = null;
                left = TryApply(decider.Band);
                unsetBand = left is null;
                LogEach(left);
            }

            if (firstSeconds is { } first && load.Seconds < lastSeconds)
            {
                // A restarted server's clock starts again: keep the time the earlier one ran.
                earlierSeconds += lastSeconds - first;
                firstSeconds = null;
            }

            firstSeconds ??= load.Seconds;
            lastSeconds = load.Seconds;
            var decision = decider.Observe(load);
            if (decision.Switched)
            {
                Switches++;
                var rate = MetricCatalogue.OfferedRate.Unit;
                var measured = Invariant(
                    $"rate {decision.RequestsPerSecond:0.##} {rate}, {decision.Waiting:0} waiting"
                );
                var to = BandText.Describe(plan, decision.To);
                left = TryApply(decision.To);
                unsetBand = left is null;
                Log($"{verb} {to} (was band {decision.From}): {measured}; {decision.Reason}");
                LogEach(left);
            }

            await Task.Delay(interval, time, cancellationToken);
        }
    }

    /// <summary>
    /// Sets a band; the lines about settings it left as they were set by hand, or null when a sim-server did not take
    /// it (set again once the server answers).
    /// </summary>
    private IReadOnlyList<string>? TryApply(int band)
    {
        try
        {
            return actuator?.Apply(plan.Bands[band]) ?? [];
        }
        catch (SimulatedGpuException e)
        {
            Log($"could not set band {band}: {e.Message}; trying again when the server answers");
            return null;
        }
    }

    private void LogEach(IReadOnlyList<string>? lines)
    {
        foreach (var line in lines ?? [])
        {
            Log(line);
        }
    }

    private static bool IsServerDown(Exception e) => e is HttpRequestException or TaskCanceledException or IOException;

    private void Log(string line) =>
        log.WriteLine($"{time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} {line}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
