namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// <see cref="CertifiableReference"/>'s answer for one run of a scenario: the reach on the truth and on the closer
/// truth (null where the scenario has none), the trials it measured and the wall time they took; each configuration
/// measured, cheapest first, with its true energy gap to the optimum on the truth (on the closer truth where nothing
/// meets the SLO on the truth).
/// </summary>
public sealed record CertifiableRun(string Scenario, Reach OnTruth, Reach? OnCloserTruth, int Trials, TimeSpan Wall)
{
    public IReadOnlyList<(Certification Certification, double Gap)> Measured { get; init; } = [];

    /// <summary>The reach on the closer truth where the scenario has one, else on the truth.</summary>
    public Reach Closer => OnCloserTruth ?? OnTruth;
}
