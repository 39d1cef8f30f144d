using System.Collections.Immutable;
using System.Globalization;
using MathNet.Numerics.Distributions;
using MLEnergy.Profiler.Latency;
using MLEnergy.Profiler.Statistics;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Tests.Trials;

/// <summary>
/// Seeded Monte Carlo checks of a p99 SLO over repeated trials of one configuration, as the search repeats one whose
/// verdict is undecided: each trial measures its requests' TPOT (log-normal, spread 0.5), records its p99, its own
/// early-stopping verdict and its counts over the bound, and the merged repeats are judged after every trial, up to
/// ten. A configuration far from the bound, measured ten times, gives the search's pooled spread from the start.
/// </summary>
public sealed class RepeatedPercentileVerdictTests
{
    private const double Sigma = 0.5;
    private const int Configurations = 1000;

    /// <summary>5 % stated; the standard error of a share near 5 % over 1,000 configurations is 0.7 %.</summary>
    private const double MostFalsePasses = 0.07;

    [Theory]
    [InlineData(1000)]
    [InlineData(300)]
    public void AConfigurationExactlyOnTheBoundPassesAtMostFivePercentOfTheTimeOverTenTrials(int requests)
    {
        // Judged on the mean of its trials' p99 it passed 12.5 % (1,000 requests a trial) and 23.9 % (300) of the
        // time: a trial's nearest-rank p99 reads low by its rank, and ten trials shrink the error, not the bias. On
        // the shares over the bound: 3.5 % and 3.0 %.
        PassRate(requests, truthOverBound: 1.0, seed: 1).Should().BeLessThanOrEqualTo(MostFalsePasses);
    }

    [Fact]
    public void AConfigurationWhoseP99IsTenPercentUnderTheBoundUsuallyPasses() =>
        PassRate(1000, truthOverBound: 1 / 1.1, seed: 2).Should().BeGreaterThanOrEqualTo(0.8);

    private static double PassRate(int requests, double truthOverBound, int seed)
    {
        var random = new Random(seed);
        var truth = 20 * Math.Exp(Sigma * Normal.InvCDF(0, 1, 0.99));
        var bound = truth / truthOverBound;
        var slo = SloParser.ParseAll([$"p99 tpot<={bound.ToString("R", CultureInfo.InvariantCulture)}ms"]);
        var reference = Configuration.Of(("max_num_seqs", "reference"));
        var passed = 0;
        for (var c = 0; c < Configurations; c++)
        {
            var configuration = Configuration.Of(("max_num_seqs", c.ToString(CultureInfo.InvariantCulture)));
            var trials = Enumerable.Range(0, 10).Select(_ => Trial(random, reference, requests, 20, slo)).ToList();
            for (var n = 1; n <= SequentialBoundary.PlannedLooks; n++)
            {
                trials.Add(Trial(random, configuration, requests, 20, slo));
                var merged = RepeatedTrials.Merge(trials, slo).Single(o => o.Configuration.Equals(configuration));
                var verdict = SloJudge.Judge(merged, slo.Constraints[0]);
                if (verdict != SloVerdict.Undecided)
                {
                    passed += verdict == SloVerdict.Met ? 1 : 0;
                    break;
                }
            }
        }

        return (double)passed / Configurations;
    }

    private static Observation Trial(
        Random random,
        Configuration configuration,
        int requests,
        double median,
        ServiceLevelObjective slo
    )
    {
        var latencies = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            latencies[i] = median * Math.Exp(Sigma * Normal.Sample(random, 0, 1));
        }

        Array.Sort(latencies);
        var bound = slo.Constraints[0].ThresholdMs;
        long Count(LatencyKind kind) => requests;
        long Above(LatencyKind kind, double b) => latencies.LongCount(v => v > b);
        var metrics = ImmutableDictionary<string, double>
            .Empty.Add(slo.Constraints[0].MetricName, Percentile.OfSorted(latencies, 0.99))
            .Add("energy_per_token_j", 0.1)
            .SetItems(SloVerdicts.Counts(Count, Above, slo).Select(c => KeyValuePair.Create(c.Metric.Name, c.Value)));
        return new Observation(configuration, metrics)
        {
            Verdicts = SloVerdicts.Judge(Count, Above, slo, new TrialSettings()),
        };
    }
}
