using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Randomness;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Selection;

/// <summary>
/// Seeded Monte Carlo of the quoted saving (<see cref="SavingsEstimator"/>) against a known truth. A search measures
/// the baseline twice and twelve configurations within 3 % of each other once, then confirms its leader until it has
/// four trials (as auto confirms its incumbent). The n-th trial of every configuration replays the n-th repetition's
/// load, whose effect on the energy every configuration shares (the simulator's seed n), on top of each trial's own
/// noise; a real host replays one seeded request stream in every trial, the independent case. The recommendation is
/// the least of the merged means, so its own noise chose it (the winner's curse) and its saving reads high; a shared
/// load adds spread but no bias here, since whichever configuration wins has the same four repetitions.
/// </summary>
public class SavingsSelectionBiasTests
{
    private const int Searches = 600;
    private const int Baseline = 8;
    private static readonly ServiceLevelObjective Slo = SloParser.ParseAll(["p50 itl<=30ms"]);

    [Fact]
    public void WithALoadSharedByEveryConfigurationOfARepetitionTheIntervalHoldsTheTrueSaving()
    {
        // 6 % log spread from the repetition's load, shared by every configuration; 2 % a trial of its own. Measured
        // (2026-12-03): over-stated by 0.47 points on average, the interval holds the truth in 99.5 % of searches
        // (the pooled spread holds the load's share, which cancels in the comparison, so the interval is wide).
        var (over, covered) = Score(new Random(18), loadSpread: 0.06, ownSpread: 0.02);

        over.Should().BeInRange(0, 1, "the mean over-statement in points over {0} searches", Searches);
        covered.Should().BeGreaterThanOrEqualTo(0.98);
    }

    [Fact]
    public void WithIndependentTrialsTheSavingIsOverstatedByTheWinnersCurseAndTheIntervalStillHolds()
    {
        // 4 % log noise a trial of its own. Measured (2026-12-03): over-stated by 1.72 points on average (the pick's
        // own noise chose it), the interval holds the truth in 95.2 % of searches (one standard error: 0.9 points).
        var (over, covered) = Score(new Random(16), loadSpread: 0, ownSpread: 0.04);

        over.Should().BeInRange(1, 2.5, "the mean over-statement in points over {0} searches", Searches);
        covered.Should().BeGreaterThanOrEqualTo(0.94);
    }

    private static (double Over, double Covered) Score(Random random, double loadSpread, double ownSpread)
    {
        var (covered, over) = (0, 0.0);
        for (var s = 0; s < Searches; s++)
        {
            var (trials, truth) = Search(random, loadSpread, ownSpread);
            var outcome = RecommendationSelector.Select(
                RepeatedTrials.Merge(trials, Slo),
                Slo,
                ObjectiveKind.EnergyPerToken,
                trials[0].Configuration,
                trials
            );
            var savings = outcome.Savings!;
            var pick = (int)outcome.Recommended!.Configuration["max_num_seqs"].Number!.Value;
            var trueSaving = 100 * (1 - (truth[pick] / truth[Baseline]));
            covered += savings.LowPercent <= trueSaving && trueSaving <= savings.HighPercent ? 1 : 0;
            over += savings.Percent - trueSaving;
        }

        return (over / Searches, (double)covered / Searches);
    }

    private static (List<Observation> Trials, Dictionary<int, double> Truth) Search(
        Random random,
        double loadSpread,
        double ownSpread
    )
    {
        var truth = Enumerable.Range(1, 12).ToDictionary(b => 16 * b, b => 0.70 + (0.0025 * b));
        truth[Baseline] = 1.0;
        var loads = Enumerable.Range(0, 8).Select(_ => loadSpread * Gaussian.Next(random)).ToList();
        var trials = new List<Observation>();
        void Measure(int batch)
        {
            var repetition = trials.Count(o => o.Configuration["max_num_seqs"].Number == batch);
            var energy = truth[batch] * Math.Exp(loads[repetition] + (ownSpread * Gaussian.Next(random)));
            trials.Add(ObservationBuilder.Of(batch, batch == Baseline ? 10 : 12, energy));
        }

        Measure(Baseline);
        Measure(Baseline);
        foreach (var batch in truth.Keys.Where(b => b != Baseline))
        {
            Measure(batch);
        }

        for (var step = 0; step < 40; step++)
        {
            var leader = RepeatedTrials
                .Merge(trials)
                .Where(o => o.Configuration["max_num_seqs"].Number != Baseline)
                .MinBy(o => o.Metric("energy_per_token_j"))!
                .Configuration;
            if (trials.Count(o => o.Configuration.Equals(leader)) >= 4)
            {
                break;
            }

            Measure((int)leader["max_num_seqs"].Number!.Value);
        }

        return (trials, truth);
    }
}
