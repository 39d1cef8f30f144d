using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>Reported after every trial: which one, how many so far, and how many there could be.</summary>
public sealed record TrialProgress(int TrialNumber, int Candidates, Observation Observation, bool Restarted)
{
    /// <summary>Trials an earlier, resumed session of the run measured; the count goes on from them.</summary>
    public int Previous { get; init; }

    /// <summary>
    /// Every trial of the run so far, this one and those of earlier, resumed sessions (and, in a shared study, of
    /// other workers): what the final selection chooses from, so that a "so far" figure can be the same.
    /// </summary>
    public IReadOnlyList<Observation> Trials { get; init; } = [];

    /// <summary>The most trials this session may measure (<c>--budget N</c>); null when the strategy decides.</summary>
    public int? Budget { get; init; }

    /// <summary>The trial's number in the whole run, resumed sessions included.</summary>
    public int RunTrialNumber => Previous + TrialNumber;

    /// <summary>How many trials the run will have at most, when a budget bounds it.</summary>
    public int? ExpectedTotal => Budget is { } budget ? Previous + budget : null;
}
