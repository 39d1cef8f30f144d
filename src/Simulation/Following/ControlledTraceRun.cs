using System.Text;
using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Http;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Following;

/// <summary>
/// One replica serving a trace in virtual time while a controller watches it: every interval the controller sees the
/// server as a governor would (its vLLM metrics page, counted exactly as sim-server counts them) and may change the
/// GPUs' clock cap and power limit, which govern every engine step from the next one on, as on sim-server's control
/// interface. Deterministic: the same trace, configuration and controller give the same run.
/// </summary>
public sealed class ControlledTraceRun(SimulatedHost host, SimulatedServingConfig config)
{
    /// <summary>
    /// Serves <paramref name="trace"/> (arrivals in seconds from zero) until <paramref name="endSeconds"/> of virtual
    /// time, starting at the configuration's GPU settings; every <paramref name="intervalSeconds"/> it asks
    /// <paramref name="control"/> for the settings to run under (null keeps those in force).
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration cannot run.</exception>
    public ControlledRunResult Run(
        IReadOnlyList<TraceRequest> trace,
        double intervalSeconds,
        double endSeconds,
        Func<ServingSnapshot, SimulatedGpuSettings?> control,
        CancellationToken cancellationToken
    )
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalSeconds);
        if (host.FindInfeasibility(config) is { } problem)
        {
            throw new InvalidOperationException($"cannot serve this configuration: {problem}");
        }

        var model = host.Models.Get(config.ModelId);
        var gpu = host.Gpus.Get(config.GpuKind);
        var maxLen = FeasibilityCheck.MaxModelLen(config, model, host.Calibration, null);
        var factory = new RequestFactory(RequestLengthProfile.ChatFor(model), maxLen, new Random(0));
        var requests = trace.Select(factory.FromTrace).ToList();
        var arrivals = new TraceArrivals(requests);
        var stats = new ServingStats();
        foreach (var request in requests)
        {
            stats.Arrived(request.Id, request.ArrivalTime, request.PromptTokens, "length");
        }

        var settings = new SimulatedGpuSettings(config.SmClockCapMhz, config.PowerLimitWatts);
        var meter = new WindowMeter(0, endSeconds, 0);
        var engine = new ReplicaEngine(
            new StepCostModel(model, gpu, host.Calibration, config.TensorParallel, config.ExpertParallel),
            Power(gpu, settings),
            new EngineLimits(config.MaxNumSeqs, host.Calibration.MaxNumBatchedTokens, host.Calibration.KvBlockTokens),
            arrivals,
            meter,
            HostStalls.For(host.Calibration, gpu, config.TensorParallel, 0),
            new StatsObserver(stats)
        );
        int maxWaiting = 0,
            changes = 0,
            waiting = 0;
        for (var next = intervalSeconds; engine.Now < endSeconds; next = Math.Min(next + intervalSeconds, endSeconds))
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (engine.Now < next)
            {
                // The queue as vLLM's gauge shows it: what the last step's scheduling left waiting (requests that
                // arrive during a step wait for the next one's scheduling, unseen until then).
                var scheduled = engine.Now;
                if (!engine.Step(next))
                {
                    engine.Idle(next);
                }

                waiting = arrivals.WaitingAt(scheduled);
                maxWaiting = Math.Max(maxWaiting, waiting);
            }

            var text = new StringBuilder();
            VllmMetricsText.Render(text, stats, engine.Running, waiting, config.ModelId, engine.KvShare);
            var wanted = control(new ServingSnapshot(engine.Now, engine.Running, waiting, text.ToString()));
            if (wanted is not null && wanted != settings)
            {
                settings = wanted;
                engine.Gpu = Power(gpu, settings);
                changes++;
            }
        }

        return new ControlledRunResult(
            endSeconds,
            engine.Timeline.EnergyUntil(endSeconds) * config.TensorParallel,
            meter.Requests,
            requests.Count - meter.Requests.Count,
            maxWaiting,
            changes
        );

        GpuPowerModel Power(GpuKind kind, SimulatedGpuSettings s) =>
            new(kind, s.SmClockCapMhz, s.PowerLimitWatts, host.Calibration.RooflineExponent);
    }

    private sealed class StatsObserver(ServingStats stats) : ITokenObserver
    {
        public void OnToken(long requestId, double time, int tokenIndex, bool last) =>
            stats.Token(requestId, time, last);
    }
}
