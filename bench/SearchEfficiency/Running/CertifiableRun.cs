namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// <see cref="CertifiableReference"/>'s answer for one run of a scenario: on the truth and on the closer truth (null
/// where the scenario has none), the configurations within reach with their true energy gaps to that truth's optimum
/// and whether it has one; the trials measured and the wall time they took.
/// </summary>
public sealed record CertifiableRun(string Scenario, Members OnTruth, Members? OnCloserTruth, int Trials, TimeSpan Wall)
{
    /// <summary>The reach on the truth; <paramref name="throughMisses"/>: see <see cref="Reach.Of"/>.</summary>
    public Reach Truth(bool throughMisses = false) => OnTruth.Reach(throughMisses);

    /// <summary>The reach on the closer truth where the scenario has one, else on the truth.</summary>
    public Reach Closer(bool throughMisses = false) => (OnCloserTruth ?? OnTruth).Reach(throughMisses);

    /// <summary>
    /// Every configuration measured, once: the truth's members, cheapest first, then the closer truth's others.
    /// </summary>
    public IEnumerable<(Certification Certification, double Gap)> Measured =>
        OnTruth.Within.UnionBy(OnCloserTruth?.Within ?? [], m => m.Certification.Configuration);
}
