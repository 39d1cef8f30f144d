namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// How one strategy did on one scenario: trials and distinct configurations measured, host time, the true
/// energy gap of its recommendation to the oracle (null when it recommended nothing; infinity when its
/// recommendation really misses the SLO), and its compute per proposal; whether the recommendation misses on the
/// truth over more seeds where its truth lies near a bound (<see cref="Oracle.MissesOnCloserTruth"/>).
/// </summary>
public sealed record Outcome(
    string Group,
    string Scenario,
    string Strategy,
    int Candidates,
    int Trials,
    int Configurations,
    TimeSpan HostTime,
    double? Gap,
    bool OracleFeasible,
    string StopReason,
    TimeSpan MeanProposal,
    TimeSpan MaxProposal,
    string? Recommended = null,
    bool CloserMiss = false
)
{
    /// <summary>The recommendation has the oracle's energy, or both found that nothing meets the SLO.</summary>
    public bool Exact => Gap is { } g ? Math.Abs(g) < 1e-9 : !OracleFeasible;

    public bool Within(double fraction) => Gap is { } g ? g <= fraction : !OracleFeasible;
}
