namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// A candidate's outlook: expected improvement of log energy (roughly the relative energy saving), the
/// probability of meeting the SLO, and the predicted log energy.
/// </summary>
internal readonly record struct Score(double ExpectedImprovement, double Feasibility, double LogEnergy)
{
    public double Constrained => ExpectedImprovement * Feasibility;
}
