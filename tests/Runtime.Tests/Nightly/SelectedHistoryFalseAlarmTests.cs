using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Nightly;

namespace MLEnergy.Runtime.Tests.Nightly;

/// <summary>
/// Seeded Monte Carlo of the first night after a noisy search on a host that did not change: the recommendation is
/// the least of twelve configurations within 3 % of each other, each measured once, the leader confirmed until it
/// has four trials, energy scattering 7 % a trial (a light load: five seeds of one configuration under poisson:3 gave
/// 0.216 to 0.262 J/token) and p99 TPOT 15 %. The trials that made it least read low, so its history is biased; the
/// night compares the re-measurement with the history <see cref="NightlyReference"/> gives.
/// </summary>
public sealed class SelectedHistoryFalseAlarmTests
{
    private const string Energy = "energy_per_token_j";
    private const string TpotP99 = "tpot_p99_ms";
    private static readonly ServiceLevelObjective Slo = SloParser.ParseAll(["p99 tpot<=200ms"]);
    private static readonly Configuration Baseline = Batch(512);
    private static readonly Func<IReadOnlyList<Observation>, Configuration?> Choose = RecommendationSelector.Chooser(
        Slo,
        ObjectiveKind.EnergyPerToken,
        Baseline
    );

    [Fact]
    public void AfterARecommendationChosenFromNoisyTrialsItsEnergyRarelySeemsToRiseOnAnUnchangedHost()
    {
        // One comparison's share of the night's 5 % is 1.25 %, both directions together; over 1,500 nights its
        // standard error is 0.29 %. Measured (seed 16): against the recommendation's whole history its energy
        // "rose" on 3.6 % of nights and 5.7 % of nights raised an alarm; against the reference 1.5 % and 3.5 %.
        var random = new Random(16);
        var (alarms, rose) = (0, 0);
        const int nights = 1500;
        for (var night = 0; night < nights; night++)
        {
            var (history, pick) = Search(random);
            var fresh = Trials(random, pick, 3).Concat(Trials(random, Baseline, 3)).ToList();
            var reference = NightlyReference.Of(history, pick, Energy, Choose);
            var findings = DriftDetector.CompareAll(Series(reference, fresh, pick));
            alarms += findings.Any(f => f.Drifted) ? 1 : 0;
            rose += findings.Any(f =>
                f is { Drifted: true, Role: "recommendation", Metric: Energy } && f.After > f.Before
            )
                ? 1
                : 0;
        }

        ((double)rose / nights).Should().BeLessThanOrEqualTo(0.02);
        ((double)alarms / nights).Should().BeLessThanOrEqualTo(0.065);
    }

    [Fact]
    public void TheReferenceKeepsTheRecommendationsConfirmationsAndEveryTrialOfTheOtherConfigurations()
    {
        var (history, pick) = Search(new Random(3));

        var reference = NightlyReference.Of(history, pick, Energy, Choose);

        reference.Count(o => o.Configuration.Equals(pick)).Should().Be(3);
        reference
            .Count(o => !o.Configuration.Equals(pick))
            .Should()
            .Be(history.Count(o => !o.Configuration.Equals(pick)));
    }

    private static (List<Observation> History, Configuration Pick) Search(Random random)
    {
        var history = Trials(random, Baseline, 1).ToList();
        history.AddRange(Enumerable.Range(1, 12).SelectMany(b => Trials(random, Batch(8 * b), 1)));
        for (var step = 0; step < 40; step++)
        {
            var leader = RepeatedTrials
                .Merge(history)
                .Where(o => !o.Configuration.Equals(Baseline))
                .MinBy(o => o.Metric(Energy))!
                .Configuration;
            if (history.Count(o => o.Configuration.Equals(leader)) >= 4)
            {
                return (history, leader);
            }

            history.AddRange(Trials(random, leader, 1));
        }

        throw new InvalidOperationException("the search did not settle");
    }

    private static IEnumerable<Observation> Trials(Random random, Configuration configuration, int count)
    {
        var batch = configuration["max_num_seqs"].Number!.Value;
        var energy = configuration.Equals(Baseline) ? 0.08 : 0.05 * (1 + (0.0025 * batch / 8));
        for (var i = 0; i < count; i++)
        {
            yield return new Observation(
                configuration,
                ImmutableDictionary<string, double>
                    .Empty.Add(Energy, energy * Math.Exp(0.07 * Normal(random)))
                    .Add(TpotP99, 45 * Math.Exp(0.15 * Normal(random)))
            );
        }
    }

    private static List<DriftSeries> Series(
        IReadOnlyList<Observation> history,
        List<Observation> fresh,
        Configuration pick
    ) =>
        [
            .. new[] { ("recommendation", pick), ("baseline", Baseline) }.SelectMany(r =>
                new[] { Energy, TpotP99 }.Select(metric => new DriftSeries(
                    r.Item1,
                    r.Item2.Key,
                    metric,
                    Values(history, r.Item2, metric),
                    Values(fresh, r.Item2, metric)
                ))
            ),
        ];

    private static List<double> Values(IEnumerable<Observation> trials, Configuration configuration, string metric) =>
        [.. trials.Where(o => o.Configuration.Equals(configuration)).Select(o => o.Metric(metric)!.Value)];

    private static Configuration Batch(double batch) =>
        Configuration.Of(("max_num_seqs", batch.ToString(CultureInfo.InvariantCulture)));

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
