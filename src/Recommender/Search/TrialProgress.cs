using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Reported after every trial: which one, how many so far, and how many there could be (<paramref
/// name="Candidates"/>: the configurations the run may measure, <see cref="MeasurableConfigurations"/>).
/// </summary>
public sealed record TrialProgress(int TrialNumber, int Candidates, Observation Observation, bool Restarted)
{
    /// <summary>
    /// How many configurations a run over <paramref name="space"/> may measure: its candidates, and its baseline when
    /// that lies outside them (a <c>--set</c> pin that leaves the baseline's value out), which is measured too; so the
    /// configurations seen never exceed it ("5 of 4 configurations").
    /// </summary>
    public static int MeasurableConfigurations(SearchSpace space, IReadOnlyCollection<Configuration> candidates) =>
        candidates.Count + (space.Baseline is { } baseline && !candidates.Contains(baseline) ? 1 : 0);

    /// <summary>Trials an earlier, resumed session of the run measured; the count goes on from them.</summary>
    public int Previous { get; init; }

    /// <summary>The most trials this session may measure (<c>--budget N</c>); null when the strategy decides.</summary>
    public int? Budget { get; init; }

    /// <summary>The trial's number in the whole run, resumed sessions included.</summary>
    public int RunTrialNumber => Previous + TrialNumber;

    /// <summary>
    /// Every trial of the run so far, this one last: an earlier, resumed session's and a warm start's included (the
    /// trials the run's result selects from), and no other run's (each level of a plan, the nightly's re-check and its
    /// re-tune are runs of their own). Empty when the producer does not keep them.
    /// </summary>
    public IReadOnlyList<Observation> RunTrials { get; init; } = [];

    /// <summary>How many trials the run will have at most, when a budget bounds it.</summary>
    public int? ExpectedTotal => Budget is { } budget ? Previous + budget : null;
}
