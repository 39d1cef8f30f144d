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
    /// The reach of members given with their true gaps (<paramref name="optimumExists"/> false: nothing meets the
    /// SLO), certified as a search that ends a configuration's repeats at a miss would certify them
    /// (<see cref="Certification.Certified"/>), or, with <paramref name="throughMisses"/>, as one that repeats it
    /// further (<see cref="Certification.CertifiedThroughMisses"/>).
    /// </summary>
    public static Reach Of(
        IEnumerable<(Certification Certification, double Gap)> members,
        bool optimumExists,
        bool throughMisses = false
    )
    {
        bool Certified(Certification c) => throughMisses ? c.CertifiedThroughMisses : c.Certified;
        var all = members.OrderBy(m => m.Gap).ToList();
        var near = all.Where(m => m.Gap <= CertifiableReference.Near).ToList();
        var cheapest = all.FirstOrDefault(m => Certified(m.Certification));
        return new Reach(
            all.Count,
            all.Count(m => Certified(m.Certification)),
            near.Count,
            near.Count(m => Certified(m.Certification)),
            cheapest.Certification,
            cheapest.Certification is null ? null : cheapest.Gap,
            optimumExists
        );
    }
}
