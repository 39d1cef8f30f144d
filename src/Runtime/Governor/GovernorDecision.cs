namespace MLEnergy.Runtime.Governor;

/// <summary>What the governor decided on one reading.</summary>
/// <param name="From">The band in force before.</param>
/// <param name="To">The band to be in force now (the same when nothing changes).</param>
/// <param name="RequestsPerSecond">The measured offered rate; NaN until two readings span some time.</param>
/// <param name="Waiting">Requests queued at the server.</param>
/// <param name="Reason">Why this band: the rate, the SLO guard, the queue, the dwell still running.</param>
public sealed record GovernorDecision(int From, int To, double RequestsPerSecond, double Waiting, string Reason)
{
    public bool Switched => From != To;
}
