using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// Which measured configuration needs another trial: a screened one that might meet the SLO and might beat
/// the incumbent (confirmed with a full trial), and, before the run ends, the best candidates (measured
/// again, so that the recommendation's SLO pass is confirmed under noise).
/// </summary>
internal static class Confirmations
{
    public static Evidence? ScreeningToConfirm(SearchEvidence evidence, AutoOptions options)
    {
        if (evidence.Deterministic)
        {
            return null;
        }

        var best = evidence.Incumbent?.Energy;
        return evidence
            .Items.Where(e => e.FullTrials == 0 && e.Energy is not null && e.WorstRatio <= 1 + options.ScreeningMargin)
            .Where(e => best is null || e.Energy <= best * (1 + options.ScreeningMargin))
            .OrderBy(e => e.Energy)
            .FirstOrDefault();
    }

    /// <summary>
    /// A measured configuration that could beat the incumbent but whose SLO pass the noise left undecided, the cheapest
    /// first. After two trials it is repeated while its mean is still under the bound and its chance of passing the
    /// sequential test within <see cref="AutoOptions.MaxRepeats"/> trials is at least <see
    /// cref="AutoOptions.MinPassChance"/> (one sitting on the bound could take any number, and trials that would not
    /// change the decision are better spent elsewhere), or, with an incumbent and <see
    /// cref="AutoOptions.RepeatByExpectedSaving"/>, while its expected saving (that chance times the energy it would
    /// save, <see cref="SearchEvidence.ExpectedSaving"/>) is at least the incumbent's energy standard error (<see
    /// cref="SearchEvidence.SavingFloor"/>): a candidate that would save 40 % is worth trials at a pass chance of
    /// one in ten, one that would save 1 % is not worth them at any chance the trials can show.
    /// </summary>
    /// <remarks>
    /// With <see cref="AutoOptions.RepeatDeciding"/>, the cheapest of them whose mean lies under the bound is repeated
    /// whatever its pass chance, until its verdict is decided or it has <see cref="AutoOptions.MaxRepeats"/> trials:
    /// its verdict decides the pick (it passes and is the pick, or it does not and the next one decides), and the
    /// sequential test (<see cref="SequentialBoundary"/>) holds its risk over all of those looks. With <see
    /// cref="AutoOptions.PairedDeciding"/> that candidate is chosen on what it reads at the incumbent's repetitions
    /// (<see cref="SearchEvidence.PairedShift"/>): its energy against the incumbent's, its mean against the bound; one
    /// measured only at a burst every configuration read high at is not dropped for it. Its verdict reads its own
    /// trials.
    /// </remarks>
    public static Evidence? Undecided(SearchEvidence evidence, AutoOptions options)
    {
        var best = evidence.Incumbent?.Energy;
        var floor = evidence.SavingFloor(options);
        var open = evidence
            .Items.Where(e => e.FullTrials is > 0 && e.FullTrials < options.MaxRepeats && SearchEvidence.IsUndecided(e))
            .Where(e => e.Energy is not null && (best is null || e.Energy < best))
            .OrderBy(e => e.Energy)
            .ToList();
        var deciding =
            !options.RepeatDeciding ? null
            : options.PairedDeciding ? Deciding(evidence, options)
            : open.FirstOrDefault(e => e.WorstRatio < 1);
        if (deciding is not null && !open.Contains(deciding))
        {
            open = [.. open.Append(deciding).OrderBy(e => e.Energy)];
        }

        return open.FirstOrDefault(e =>
            ReferenceEquals(e, deciding)
            || e.FullTrials < 2
            || (e.WorstRatio < 1 && evidence.PassChance(e, options.MaxRepeats) >= options.MinPassChance)
            || (options.RepeatByExpectedSaving && evidence.ExpectedSaving(e, options) >= floor)
        );
    }

    /// <summary>
    /// The undecided candidate whose verdict decides the pick, read at the incumbent's repetitions: the cheapest there
    /// of those cheaper there than the incumbent whose mean there lies under the bound and under the mean of every
    /// configuration that <see cref="AutoOptions.MaxRepeats"/> trials left undecided (ten trials would not certify one
    /// that reads no lower either).
    /// </summary>
    private static Evidence? Deciding(SearchEvidence evidence, AutoOptions options)
    {
        var best = evidence.Incumbent?.Energy;
        var stuck = evidence
            .Items.Where(e => e.FullTrials >= options.MaxRepeats && SearchEvidence.IsUndecided(e))
            .Select(e => e.WorstRatio)
            .DefaultIfEmpty(1)
            .Min();
        return evidence
            .Items.Where(e => e.FullTrials is > 0 && e.FullTrials < options.MaxRepeats && SearchEvidence.IsUndecided(e))
            .Select(e => (Evidence: e, Energy: evidence.PairedEnergy(e)))
            .Where(p => p.Energy is not null && (best is null || p.Energy < best))
            .Where(p => evidence.PairedWorstRatio(p.Evidence) < Math.Min(1, stuck))
            .OrderBy(p => p.Energy)
            .Select(p => p.Evidence)
            .FirstOrDefault();
    }

    /// <summary>
    /// The incumbent until it has <see cref="AutoOptions.ConfirmTrials"/> full trials (each may demote it, and
    /// then the next best is confirmed in turn), then the other candidates within the band once more.
    /// </summary>
    public static Evidence? ToRemeasure(SearchEvidence evidence, AutoOptions options)
    {
        if (evidence.Incumbent is not { } incumbent || options.RemeasureBest <= 0)
        {
            return null;
        }

        if (evidence.Deterministic)
        {
            return incumbent.Trials >= 2 ? null : incumbent;
        }

        if (incumbent.FullTrials < options.ConfirmTrials)
        {
            return incumbent;
        }

        return evidence
            .Items.Where(e => e.FullTrials > 0 && e.Energy <= incumbent.Energy * (1 + options.RemeasureBand))
            .Where(e => e.WorstRatio <= 1 + options.SureMissMargin)
            .OrderBy(e => e.Energy)
            .Take(options.RemeasureBest)
            .FirstOrDefault(e => e.FullTrials < 2);
    }
}
