using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class KnownInfeasibleTests
{
    /// <summary>kv_cache_dtype auto/fp8 × tensor_parallel 1, 2, 4 × max_num_seqs 32, 256 × 1,410 or 1,980 MHz.
    /// </summary>
    private static readonly SearchSpace Space = new()
    {
        Name = "memory",
        Target = "test",
        Knobs =
        [
            new Knob(
                "kv_cache_dtype",
                KnobKind.ServerArgument,
                [KnobValue.Parse("auto"), KnobValue.Parse("fp8")],
                RestartsServer: true
            ),
            new Knob(
                "tensor_parallel",
                KnobKind.TensorParallel,
                [KnobValue.Of(1), KnobValue.Of(2), KnobValue.Of(4)],
                RestartsServer: true
            ),
            new Knob("max_num_seqs", KnobKind.ServerBatchSize, [KnobValue.Of(32), KnobValue.Of(256)], true),
            new Knob("sm_clock_cap_mhz", KnobKind.GpuSmClockCap, [KnobValue.Of(1410), KnobValue.Of(1980)], false),
        ],
    };

    [Fact]
    public void WeightsThatDoNotFitRuleOutFewerOrEqualGpusOfTheSameModelAtAnyBatchAndClock()
    {
        var known = new KnownInfeasible(Space, [Failed(InfeasibleCause.WeightsDoNotFit, "auto", 2, 256, 1980)]);

        Covered(known)
            .Should()
            .BeEquivalentTo(
                from tp in new[] { 1, 2 }
                from batch in new[] { 32, 256 }
                from clock in new[] { 1410, 1980 }
                select Config("auto", tp, batch, clock).Key
            );
        known.Covers(Config("auto", 4, 256, 1980)).Should().BeFalse("a replica of more GPUs may hold the weights");
        known.Covers(Config("fp8", 1, 32, 1410)).Should().BeFalse("another precision is another memory need");
    }

    [Fact]
    public void AKvCacheTooSmallRulesOutFewerOrEqualGpusOnlyAtABatchCapNoSmaller()
    {
        var known = new KnownInfeasible(Space, [Failed(InfeasibleCause.KvCacheTooSmall, "auto", 2, 256, 1980)]);

        Covered(known)
            .Should()
            .BeEquivalentTo([
                Config("auto", 1, 256, 1410).Key,
                Config("auto", 1, 256, 1980).Key,
                Config("auto", 2, 256, 1410).Key,
                Config("auto", 2, 256, 1980).Key,
            ]);
    }

    [Fact]
    public void ACauseThatIsNotMonotoneOrNotKnownRulesOutNothing()
    {
        var failed = Failed(InfeasibleCause.ServerFailed, "auto", 2, 256, 1980);
        var unknown = Observation.Infeasible(Config("auto", 2, 256, 1980), "out of memory");

        Covered(new KnownInfeasible(Space, [failed, unknown])).Should().BeEmpty();
    }

    [Fact]
    public void SkippedCountsTheUnmeasuredConfigurationsAndSaysWhy()
    {
        var known = new KnownInfeasible(Space, [Failed(InfeasibleCause.WeightsDoNotFit, "auto", 1, 256, 1980)]);

        var skipped = known.Skipped(Space.Enumerate());

        skipped.Count.Should().Be(3, "four configurations at tensor_parallel 1 with auto, one of them measured");
        skipped.Why.Should().Be("3 where the weights do not fit at tensor_parallel 1 or lower");
    }

    [Fact]
    public void AutoRunsNoConfigurationWhoseWeightsATrialAlreadyFoundTooLarge()
    {
        // Every configuration at tensor_parallel 1 cannot hold the weights; the others serve. The search starts from
        // one that cannot (the baseline); without the rule it measures more of them.
        var strategy = new AutoStrategy(seed: 1);
        List<Observation> trials = [Measure(Config("auto", 1, 256, 1980))];
        StrategyDecision decision;
        while ((decision = strategy.Next(State(trials))).Configuration is { } next && trials.Count < 40)
        {
            trials.Add(Measure(next));
        }

        trials
            .Where(t => t.Configuration.Number("tensor_parallel") == 1)
            .GroupBy(t => t.Configuration["kv_cache_dtype"])
            .Should()
            .OnlyContain(g => g.Count() == 1, "one trial proves every other of its precision at tensor_parallel 1");
        decision
            .StopReason.Should()
            .EndWith(
                "; 6 configurations skipped as unable to run: "
                    + "6 where the weights do not fit at tensor_parallel 1 or lower"
            );
    }

    private static Observation Measure(Configuration c)
    {
        var tp = c.Number("tensor_parallel")!.Value;
        if (tp == 1)
        {
            return Observation.Infeasible(c, "weights", new Infeasibility(InfeasibleCause.WeightsDoNotFit, 1));
        }

        var batch = c.Number("max_num_seqs")!.Value;
        var clock = c.Number("sm_clock_cap_mhz")!.Value;
        var itl = 20 * (batch / 32.0) * (1980 / clock) / tp;
        return new Observation(
            c,
            ImmutableDictionary<string, double>
                .Empty.Add("itl_p50_ms", itl)
                .Add("energy_per_token_j", 0.1 * tp * (clock / 1410) / Math.Sqrt(batch / 32.0))
        );
    }

    private static SearchState State(IReadOnlyList<Observation> trials) =>
        new(Space, [.. Space.Enumerate()], [.. trials], Slos.ItlMedian(40), 40)
        {
            Current = trials.Count > 0 ? trials[^1].Configuration : null,
        };

    private static IEnumerable<string> Covered(KnownInfeasible known) =>
        Space.Enumerate().Where(known.Covers).Select(c => c.Key);

    private static Observation Failed(InfeasibleCause cause, string dtype, int tp, int batch, int clock) =>
        Observation.Infeasible(Config(dtype, tp, batch, clock), "cannot run", new Infeasibility(cause, tp));

    private static Configuration Config(string dtype, int tp, int batch, int clock) =>
        Configuration.Of(
            ("kv_cache_dtype", dtype),
            ("tensor_parallel", tp.ToString(CultureInfo.InvariantCulture)),
            ("max_num_seqs", batch.ToString(CultureInfo.InvariantCulture)),
            ("sm_clock_cap_mhz", clock.ToString(CultureInfo.InvariantCulture))
        );
}
