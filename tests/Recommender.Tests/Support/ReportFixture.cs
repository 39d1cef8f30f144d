using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>A small, fixed tuning result (clock cap x batch size on two GPUs) for report tests.</summary>
internal static class ReportFixture
{
    public static readonly DateTimeOffset Started = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public static SearchSpace Space { get; } =
        new()
        {
            Name = "h100-vllm",
            Target = "sim",
            Model = "Qwen/Qwen3-8B",
            GpuModel = "H100",
            Knobs =
            [
                new Knob(
                    "sm_clock_cap_mhz",
                    KnobKind.GpuSmClockCap,
                    [KnobValue.Of(990), KnobValue.Of(1410), KnobValue.Of(1980)],
                    RestartsServer: false
                ),
                new Knob(
                    "max_num_seqs",
                    KnobKind.ServerBatchSize,
                    [KnobValue.Of(8), KnobValue.Of(64), KnobValue.Of(256)],
                    RestartsServer: true
                ),
                new Knob(
                    "quantization",
                    KnobKind.ServerArgument,
                    [KnobValue.Parse("none")],
                    RestartsServer: true,
                    OutputPreserving: false
                ),
            ],
            Variables = ImmutableDictionary<string, double>.Empty.Add("gpus", 2),
            Baseline = Config(1980, 8),
        };

    public static Configuration Config(int clock, int batch) =>
        Configuration.Of(
            ("sm_clock_cap_mhz", clock.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("max_num_seqs", batch.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("quantization", "none")
        );

    /// <summary>
    /// <paramref name="trial"/> measured under 3 req/s of Poisson arrivals over 60 s (180 requests, the queue grown
    /// by 5) with its batch slots <paramref name="occupancy"/> occupied.
    /// </summary>
    public static Observation UnderRate(Observation trial, double occupancy) =>
        trial with
        {
            Metrics = trial
                .Metrics.Add("offered_requests", 180)
                .Add("backlog_growth", 5)
                .Add("offered_requests_per_s", 3)
                .Add("batch_occupancy", occupancy),
        };

    public static Observation Trial(
        int clock,
        int batch,
        double itlMs,
        double joulesPerToken,
        double watts,
        params (double Seconds, double Watts)[] trace
    ) =>
        new(
            Config(clock, batch),
            ImmutableDictionary<string, double>
                .Empty.Add("itl_p50_ms", itlMs)
                .Add("energy_per_token_j", joulesPerToken)
                .Add("energy_per_request_j", joulesPerToken * 500)
                .Add("avg_power_w", watts)
                .Add("throughput_tokens_per_s", watts / joulesPerToken)
        )
        {
            HostTime = TimeSpan.FromSeconds(60),
            PowerTrace =
            [
                .. trace.Select(t => new PowerSample(TimeSpan.FromSeconds(t.Seconds), Power.FromWatts(t.Watts))),
            ],
        };

    public static TuningResult Result(double sloMs = 30, Observation? baseline = null)
    {
        var observations = new List<Observation>
        {
            baseline ?? Trial(1980, 8, 8, 0.4, 400, (0, 380), (1, 410), (2, 405), (3, 400)),
            Trial(1410, 8, 9, 0.3, 300),
            Trial(990, 8, 12, 0.28, 280),
            Trial(1980, 64, 20, 0.12, 600),
            Trial(1410, 64, 24, 0.1, 500, (0, 480), (1, 505), (2, 500), (3, 510)),
            Trial(990, 64, 34, 0.09, 450),
            Trial(1980, 256, 45, 0.07, 650),
            Observation.Infeasible(Config(990, 256), "out of memory"),
        };
        var run = new TuningRun(
            observations,
            observations.Count,
            9,
            "grid",
            "every one of the 9 configurations was measured",
            3
        );
        var slo = new ServiceLevelObjective([new SloConstraint(LatencyMetric.Itl, Statistic.P50, sloMs)]);
        return TuningResult.From(
            Space,
            slo,
            "simulated H100 host",
            run,
            Started,
            Started.AddMinutes(9),
            minimumThroughput: ThroughputFloor.Baseline
        );
    }

    /// <summary>
    /// The fixture's result with the trial of <paramref name="trials"/>' configuration replaced by them (one, or a
    /// configuration's repeats), and the recommendation, frontier and savings worked out again from the trials.
    /// </summary>
    public static TuningResult Replacing(params Observation[] trials)
    {
        var result = Result();
        var observations = result.Run.Observations.SelectMany(o =>
            o.Configuration.Equals(trials[0].Configuration) ? trials : [o]
        );
        return TuningResult.From(
            Space,
            result.Slo,
            result.TargetDescription,
            result.Run with
            {
                Observations = [.. observations],
            },
            Started,
            Started.AddMinutes(9),
            minimumThroughput: ThroughputFloor.Baseline
        );
    }
}
