using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// One measured configuration: its trials merged, where it sits among the candidates, how often it ran.
/// </summary>
internal sealed record Evidence(
    Observation Merged,
    int Index,
    int FullTrials,
    int ScreeningTrials,
    double? Energy,
    double WorstRatio
)
{
    public int Trials => FullTrials + ScreeningTrials;
}
