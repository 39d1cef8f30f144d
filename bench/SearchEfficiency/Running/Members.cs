namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// The configurations within reach of the optimum on one truth, with their true energy gaps to it, and whether anything
/// meets the SLO there.
/// </summary>
public sealed record Members(IReadOnlyList<(Certification Certification, double Gap)> Within, bool OptimumExists)
{
    /// <summary>How many of them are certified, and the cheapest (<see cref="Running.Reach.Of"/>).</summary>
    public Reach Reach(bool throughMisses) => Running.Reach.Of(Within, OptimumExists, throughMisses);
}
