using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Selection;

/// <summary>
/// The recommendation is the least of many noisy means, so the trials that made it least read low: the saving is
/// quoted from its trials measured after it led (<see cref="HeldOutTrials"/>).
/// </summary>
public class SavingsSelectionBiasTests
{
    private static readonly ServiceLevelObjective Slo = SloParser.ParseAll(["p50 itl<=30ms"]);

    private static RecommendationOutcome Select(IReadOnlyList<Observation> trials) =>
        RecommendationSelector.Select(
            RepeatedTrials.Merge(trials, Slo),
            Slo,
            ObjectiveKind.EnergyPerToken,
            trials[0].Configuration,
            trials
        );

    [Fact]
    public void TheSavingIsQuotedFromTheTrialsMeasuredAfterTheRecommendationLed()
    {
        // b=16 led on a lucky 0.28; its three confirmations read 0.32. All four average 0.31 (22.5 % saved).
        var trials = new[]
        {
            ObservationBuilder.Of(8, 10, 0.40),
            ObservationBuilder.Of(8, 10, 0.40),
            ObservationBuilder.Of(16, 12, 0.28),
            ObservationBuilder.Of(32, 12, 0.33),
            ObservationBuilder.Of(16, 12, 0.32),
            ObservationBuilder.Of(16, 12, 0.32),
            ObservationBuilder.Of(16, 12, 0.32),
        };

        var savings = Select(trials).Savings!;

        savings.Percent.Should().BeApproximately(20, 1e-9);
        savings.HeldOutTrials.Should().Be(3);
        savings.EnergyPerUnit.Joules.Should().BeApproximately(0.08, 1e-9);
    }

    [Fact]
    public void WithOneTrialOfTheRecommendationTheSavingIsItsOwnAndSaysThatNoneWasHeldOut()
    {
        var trials = new[]
        {
            ObservationBuilder.Of(8, 10, 0.40),
            ObservationBuilder.Of(16, 12, 0.28),
            ObservationBuilder.Of(32, 12, 0.33),
        };

        var savings = Select(trials).Savings!;

        savings.Percent.Should().BeApproximately(30, 1e-9);
        savings.HeldOutTrials.Should().Be(0);
    }

    [Fact]
    public void OverManySearchesTheSavingFromHeldOutTrialsIsLessOverstatedAndItsIntervalHoldsTheTrueSaving()
    {
        // Twelve configurations within 3 % of each other, 4 % log noise a trial; the baseline measured twice, each
        // configuration once, then the leader confirmed until it has four trials (as auto confirms its incumbent).
        // Measured (seed 16): from all of the pick's trials the saving is overstated by 1.69 points on average,
        // from its held-out trials by 1.22 (a leader whose confirmation reads high loses the lead, so the
        // confirmations of the one that stays are chosen too); the 95 % interval holds the true saving in 96 % of
        // searches either way (standard error of the mean overstatement about 0.12 points).
        var random = new Random(16);
        var (covered, over) = (0, 0.0);
        const int searches = 600;
        for (var s = 0; s < searches; s++)
        {
            var (trials, truth) = Search(random);
            var outcome = Select(trials);
            var savings = outcome.Savings!;
            var trueSaving = 100 * (1 - truth[(int)outcome.Recommended!.Configuration["max_num_seqs"].Number!.Value]);
            covered += savings.LowPercent <= trueSaving && trueSaving <= savings.HighPercent ? 1 : 0;
            over += savings.Percent - trueSaving;
        }

        ((double)covered / searches).Should().BeGreaterThanOrEqualTo(0.93);
        (over / searches).Should().BeLessThan(1.45);
    }

    private static (List<Observation> Trials, Dictionary<int, double> Truth) Search(Random random)
    {
        var truth = Enumerable.Range(1, 12).ToDictionary(b => 16 * b, b => 0.70 + (0.0025 * b));
        truth[8] = 1.0;
        Observation Trial(int batch) =>
            ObservationBuilder.Of(batch, batch == 8 ? 10 : 12, truth[batch] * Math.Exp(0.04 * Normal(random)));
        var trials = new List<Observation> { Trial(8), Trial(8) };
        trials.AddRange(truth.Keys.Where(b => b != 8).Select(Trial));
        for (var step = 0; step < 40; step++)
        {
            var leader = RepeatedTrials
                .Merge(trials)
                .Where(o => o.Configuration["max_num_seqs"].Number != 8)
                .MinBy(o => o.Metric("energy_per_token_j"))!
                .Configuration;
            if (trials.Count(o => o.Configuration.Equals(leader)) >= 4)
            {
                break;
            }

            trials.Add(Trial((int)leader["max_num_seqs"].Number!.Value));
        }

        return (trials, truth);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
