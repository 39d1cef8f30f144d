namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// On one truth, the configurations within reach of a run's optimum (<see cref="CertifiableReference.Within"/>,
/// and <see cref="CertifiableReference.Near"/> of it) and how many of each its trials certify; the cheapest certified
/// one with its true energy gap (0.012: 1.2 % above the optimum); whether anything meets the SLO on that truth.
/// </summary>
public sealed record Reach(
    int Within,
    int Certifiable,
    int Near,
    int NearCertifiable,
    Certification? Cheapest,
    double? CheapestGap,
    bool OptimumExists
)
{
    /// <summary>
    /// Whether a search under the product's certification can end within reach: some configuration there is
    /// certifiable, or nothing meets the SLO (then no pick is the answer).
    /// </summary>
    public bool Reachable => !OptimumExists || Certifiable > 0;

    /// <summary>
    /// The reach of members given with their true gaps; <paramref name="optimum"/> null: nothing meets the SLO.
    /// </summary>
    public static Reach Of(IEnumerable<(Certification Certification, double Gap)> members, double? optimum)
    {
        var all = members.OrderBy(m => m.Gap).ToList();
        var near = all.Where(m => m.Gap <= CertifiableReference.Near).ToList();
        var cheapest = all.FirstOrDefault(m => m.Certification.Certified);
        return new Reach(
            all.Count,
            all.Count(m => m.Certification.Certified),
            near.Count,
            near.Count(m => m.Certification.Certified),
            cheapest.Certification,
            cheapest.Certification is null ? null : cheapest.Gap,
            optimum is not null
        );
    }
}
