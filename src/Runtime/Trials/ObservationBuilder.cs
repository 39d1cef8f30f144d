using System.Collections.Immutable;
using MLEnergy.Profiler.Statistics;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// The one way a trial's measurements become an observation's metrics, for served, simulated and replayed trials
/// alike: every name comes from <see cref="MetricCatalogue"/>, latency percentiles use the one nearest-rank
/// <see cref="Percentile"/>, power is that of the serving GPUs summed with the per-GPU value beside it, and
/// throughput is counted, never derived from power. A published summary goes in value by value through
/// <see cref="Set(MetricDefinition, double)"/>.
/// </summary>
public sealed class ObservationBuilder
{
    private readonly ImmutableDictionary<string, double>.Builder _metrics = ImmutableDictionary.CreateBuilder<
        string,
        double
    >(StringComparer.Ordinal);

    /// <summary>What a streaming LLM trial (served or simulated) measures: what <see cref="Window"/> and the
    /// latencies of <see cref="MetricCatalogue.LlmLatencies"/> give.</summary>
    public static ImmutableSortedSet<string> StreamedLlmMetrics { get; } =
    [
        .. MetricCatalogue.LlmLatencies.SelectMany(f => f.Members).Select(m => m.Name),
        .. new[]
        {
            MetricCatalogue.EnergyPerToken,
            MetricCatalogue.EnergyPerRequest,
            MetricCatalogue.AveragePower,
            MetricCatalogue.AveragePowerPerGpu,
            MetricCatalogue.TokenThroughput,
            MetricCatalogue.RequestThroughput,
            MetricCatalogue.Requests,
        }.Select(m => m.Name),
    ];

    /// <summary>
    /// What a diffusion trial (simulated, or published) measures with <paramref name="energyPerOutput"/> (per image or
    /// per video): batch latency, that energy, power and the matching throughput.
    /// </summary>
    public static ImmutableSortedSet<string> DiffusionMetrics(MetricDefinition energyPerOutput) =>
        [
            .. MetricCatalogue.BatchLatency.Members.Select(m => m.Name),
            energyPerOutput.Name,
            MetricCatalogue.ThroughputOf(energyPerOutput.Name)!.Name,
            MetricCatalogue.AveragePower.Name,
            MetricCatalogue.AveragePowerPerGpu.Name,
        ];

    /// <summary>
    /// Batches run back to back: their latencies, each of <paramref name="outputsPerBatch"/> images or videos, and the
    /// <paramref name="energy"/> of the <paramref name="gpus"/> serving GPUs over them all.
    /// </summary>
    public ObservationBuilder Batches(
        MetricDefinition energyPerOutput,
        IReadOnlyCollection<TimeSpan> latencies,
        int outputsPerBatch,
        Energy energy,
        int gpus
    )
    {
        var elapsed = TimeSpan.FromTicks(latencies.Sum(l => l.Ticks));
        var outputs = (double)latencies.Count * outputsPerBatch;
        Latencies(MetricCatalogue.BatchLatency, latencies.Select(l => l.TotalMilliseconds));
        if (outputs > 0)
        {
            Set(energyPerOutput, energy.Joules / outputs);
        }

        if (elapsed > TimeSpan.Zero)
        {
            Power(energy.Per(elapsed), gpus);
            Set(MetricCatalogue.ThroughputOf(energyPerOutput.Name)!, outputs / elapsed.TotalSeconds);
        }

        return this;
    }

    /// <summary>
    /// Sets a metric; a value that is not a finite number (NaN, or infinity: a published 1e306 s scaled to ms) is no
    /// measurement and is left out, so that it never reaches a table, result.json or the history store.
    /// </summary>
    public ObservationBuilder Set(MetricDefinition metric, double value)
    {
        if (double.IsFinite(value))
        {
            _metrics[metric.Name] = value;
        }

        return this;
    }

    /// <summary>The mean and every nearest-rank percentile of the catalogue of recorded latencies (ms).</summary>
    public ObservationBuilder Latencies(LatencyFamily family, IEnumerable<double> samplesMs) =>
        Latencies(family, samplesMs.Select(v => (v, 1L)));

    /// <summary>The same, of latencies recorded with a count each (one inter-token time for a batch step).</summary>
    public ObservationBuilder Latencies(LatencyFamily family, IEnumerable<(double Ms, long Count)> samples)
    {
        var list = samples.Where(s => s.Count > 0).OrderBy(s => s.Ms).ToList();
        var count = list.Sum(s => s.Count);
        if (count == 0)
        {
            return this;
        }

        foreach (var statistic in MetricCatalogue.Statistics)
        {
            Set(
                family.Of(statistic),
                statistic.Quantile() is { } q
                    ? Percentile.OfSortedWeighted(list, q)
                    : list.Sum(s => s.Ms * s.Count) / count
            );
        }

        return this;
    }

    /// <summary>
    /// Energy, power and throughput of a steady-state window: <paramref name="energy"/> of the
    /// <paramref name="gpus"/> serving GPUs over <paramref name="elapsed"/>, the output tokens streamed inside it and
    /// the output lengths of the requests completed inside it. Energy per request is energy per token times the
    /// mean output length, as ML.ENERGY reports it.
    /// </summary>
    public ObservationBuilder Window(
        Energy energy,
        int gpus,
        TimeSpan elapsed,
        long tokens,
        IReadOnlyCollection<int> outputTokens
    )
    {
        if (tokens > 0)
        {
            Set(MetricCatalogue.EnergyPerToken, energy.Joules / tokens);
            if (outputTokens.Count > 0)
            {
                Set(MetricCatalogue.EnergyPerRequest, energy.Joules / tokens * outputTokens.Average());
            }
        }

        if (elapsed > TimeSpan.Zero)
        {
            Power(energy.Per(elapsed), gpus);
            Set(MetricCatalogue.TokenThroughput, tokens / elapsed.TotalSeconds);
            Set(MetricCatalogue.RequestThroughput, outputTokens.Count / elapsed.TotalSeconds);
        }

        return Set(MetricCatalogue.Requests, outputTokens.Count);
    }

    /// <summary>
    /// Under a rate-driven load: <paramref name="offered"/> requests arrived inside the <paramref name="elapsed"/>
    /// window(s) and <paramref name="completed"/> finished inside them; the difference is the backlog's growth,
    /// which <see cref="KeepUpRule"/> judges when the observation is built, against the arrivals' noise
    /// (<see cref="ArrivalDispersion"/> of <paramref name="arrivedEachSecond"/>, those of each whole second).
    /// <paramref name="loadRate"/> is the rate the load states over its whole length, at which the batch occupancy is
    /// judged (<see cref="KeepUpRule.CapacityProblem"/>); null where it states none.
    /// </summary>
    public ObservationBuilder Offered(
        int offered,
        int completed,
        TimeSpan elapsed,
        IReadOnlyList<int>? arrivedEachSecond = null,
        double? loadRate = null
    )
    {
        if (loadRate is > 0)
        {
            Set(MetricCatalogue.LoadRate, loadRate.Value);
        }

        Set(MetricCatalogue.OfferedRequests, offered);
        Set(MetricCatalogue.BacklogGrowth, offered - completed);
        if (ArrivalDispersion.Of(arrivedEachSecond ?? []) is { } dispersion)
        {
            Set(MetricCatalogue.ArrivalDispersion, dispersion);
        }

        return elapsed > TimeSpan.Zero ? Set(MetricCatalogue.OfferedRate, offered / elapsed.TotalSeconds) : this;
    }

    /// <summary><c>avg_power_w</c> = <paramref name="total"/> of the serving GPUs; per GPU beside it.</summary>
    public ObservationBuilder Power(Power total, int gpus)
    {
        Set(MetricCatalogue.AveragePower, total.Watts);
        return gpus > 0 ? Set(MetricCatalogue.AveragePowerPerGpu, total.Watts / gpus) : this;
    }

    /// <summary>
    /// <c>peak_power_per_gpu_w</c>: the highest power one serving GPU drew in the meter's finest interval over the
    /// window, which tells whether the trial's power limit bound (<see cref="KnobReach"/>).
    /// </summary>
    public ObservationBuilder PeakPower(Power perGpu) => Set(MetricCatalogue.PeakPowerPerGpu, perGpu.Watts);

    /// <summary>
    /// <c>peak_sm_clock_mhz</c>: the highest SM clock a serving GPU ran at over the window, which tells whether the
    /// trial's SM clock cap bound (<see cref="KnobReach"/>).
    /// </summary>
    public ObservationBuilder PeakSmClock(Frequency clock) => Set(MetricCatalogue.PeakSmClock, clock.Megahertz);

    public ImmutableDictionary<string, double> Metrics => _metrics.ToImmutable();

    /// <summary>The observation; infeasible with the numbers when it did not keep up with the offered load.</summary>
    public Observation Build(Configuration configuration)
    {
        var observation = new Observation(configuration, Metrics);
        return KeepUpRule.Judge(observation);
    }
}
