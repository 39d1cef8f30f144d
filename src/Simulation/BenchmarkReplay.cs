using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Models;
using MLEnergy.Simulation.Telemetry;

namespace MLEnergy.Simulation;

/// <summary>
/// Runs one configuration the way the ML.ENERGY benchmark ran it (see <see cref="BenchmarkProtocol"/>): the whole
/// request list to its end once to find the benchmark's steady-state window and every inter-token time, then the
/// same run again (same seed, so the same steps) metered over that window. The inter-token times are counted as
/// the benchmark's client counts them: a gap per streamed chunk after the first, and a zero for each token of a
/// request's first chunk (one per request: vLLM streams one token a chunk), so the first token adds a zero. Requests
/// that carry an image or a video reach the engine, and their clients' tokens, as the API servers' loops let them
/// (<see cref="ApiServerLoop"/>).
/// </summary>
internal static class BenchmarkReplay
{
    public static SimulatedTrialResult Run(
        SimulatedHost host,
        SimulatedServingConfig config,
        BenchmarkProtocol protocol,
        RequestLengthProfile lengths,
        Workload? workload,
        int seed,
        CancellationToken cancellationToken
    )
    {
        if (config.Replicas != 1 || protocol.DistinctRequests < 1 || protocol.Repeats < 1)
        {
            throw new ArgumentException("a benchmark replay runs one replica and at least one request");
        }

        var model = host.Models.Get(config.ModelId);
        var gpu = host.Gpus.Get(config.GpuKind);
        var load = LoadSpec.Saturate.WithWorkload(workload);
        var problem = FeasibilityCheck.Find(config, model, gpu, host.Calibration, workload);
        if (problem is not null)
        {
            return SimulatedTrialResult.Infeasible(config, load, problem, TimeSpan.Zero, TimeSpan.Zero);
        }

        var loop = Loop(host.Calibration, model, protocol, workload);
        var whole = new WindowMeter(0, double.PositiveInfinity, 0, loop);
        var first = Engines(host, config, model, gpu, protocol, lengths, workload, seed, _ => whole, loop);
        while (first.Stepper.Step(double.PositiveInfinity))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        whole.FlushDelivered();

        // The benchmark's max_num_seqs is the server's: each data-parallel rank was started with its share.
        var concurrency = config.MaxNumSeqs * config.DataParallel;
        var firstTokens = whole.Requests.Select(r => (r.Arrival + r.TimeToFirstToken).TotalSeconds).Order().ToList();
        var finishes = whole.Requests.Select(r => (r.Arrival + r.EndToEnd).TotalSeconds).Order().ToList();
        var start = firstTokens[Math.Min(concurrency, firstTokens.Count) - 1];
        var end = finishes[Math.Min(protocol.WindowEndCompletions(concurrency), finishes.Count) - 1];
        if (end <= start)
        {
            (start, end) = (0, finishes[^1]);
        }

        var second = Engines(
            host,
            config,
            model,
            gpu,
            protocol,
            lengths,
            workload,
            seed,
            _ => new WindowMeter(start, end, 0),
            loop
        );
        second.Stepper.RunUntil(end, cancellationToken);
        var result = SimulatedHost.Summarize(
            config,
            load,
            TimeSpan.FromSeconds(start),
            TimeSpan.FromSeconds(end - start),
            gpu,
            [.. second.Engines.Select(e => e.Meter)],
            [.. second.Engines.Select(e => e.Timeline)]
        );
        var firstTokenZeros = new InterTokenSample(TimeSpan.Zero, whole.Requests.Count);
        whole.InterTokenLatency.Add(0, firstTokenZeros.Count);
        return result with
        {
            InterTokenLatency = whole.InterTokenLatency,
            InterTokenSamples = [.. whole.InterTokenSamples, firstTokenZeros],
            Preemptions = first.Engines.Sum(e => e.Preemptions),
            PeakKvShare = first.Engines.Max(e => e.PeakKvShare),
        };
    }

    /// <summary>
    /// The API servers' loops when the workload's requests carry media that this model's processor handles: each
    /// request's processor time is the engine's time per megapixel times the pixels it processes.
    /// </summary>
    private static ApiServerLoop? Loop(
        EngineCalibration calibration,
        ModelArchitecture model,
        BenchmarkProtocol protocol,
        Workload? workload
    ) =>
        workload?.Media is { } media && model.Vision is { } vision
            ? ApiServerLoop.For(
                calibration.MediaProcessingSecondsPerMegapixel * media.ProcessedMegapixels(vision),
                protocol.ApiServers,
                protocol.TotalRequests
            )
            : null;

    /// <summary>
    /// The server's engines: one, or the data-parallel ranks stepping together; <paramref name="meter"/> gives an
    /// engine's meter by its rank.
    /// </summary>
    private static Server Engines(
        SimulatedHost host,
        SimulatedServingConfig config,
        ModelArchitecture model,
        GpuKind gpu,
        BenchmarkProtocol protocol,
        RequestLengthProfile lengths,
        Workload? workload,
        int seed,
        Func<int, WindowMeter> meter,
        ApiServerLoop? loop
    )
    {
        var maxLen = FeasibilityCheck.MaxModelLen(config, model, host.Calibration, workload);
        var factory = new RequestFactory(lengths, maxLen, SimulatedHost.RequestRandom(seed, 0));
        var arrivals = new RepeatedRequests(factory, protocol, loop);
        var cost = host.CostOf(config, model, gpu, lengths);
        if (config.DataParallel > 1)
        {
            var group = host.DataParallel(config, gpu, cost, arrivals, meter, seed, apiServers: protocol.ApiServers);
            return new Server(group.Ranks, group);
        }

        var engine = host.Replica(config, gpu, cost, arrivals, meter(0), seed, 0);
        return new Server([engine], engine);
    }

    /// <summary>The server's engines and what steps them (the one engine, or the ranks' group).</summary>
    private sealed record Server(IReadOnlyList<ReplicaEngine> Engines, ISteppedEngine Stepper);
}
