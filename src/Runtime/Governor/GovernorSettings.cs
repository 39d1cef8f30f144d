namespace MLEnergy.Runtime.Governor;

/// <summary>How the governor follows load.</summary>
/// <param name="Window">The request rate is measured over this much of the server's time.</param>
/// <param name="DownDwell">A lower band is taken only once the rate has stayed in it this long.</param>
/// <param name="GuardBudget">The SLO guard's threshold: this fraction of what the SLO's percentile allows (0.5 with
/// p99: 0.5 % of the latencies above the bound); it steps up on evidence that the share since the last switch is
/// over it (<see cref="SloGuard"/>).</param>
/// <param name="GuardMinimumObservations">Fewer latencies than this since the last switch never trip the guard.</param>
/// <param name="UpEvidence">The rate alone steps up only when the window's arrivals, less this many Poisson standard
/// deviations (√n), still reach the higher band: 1.645 is one-sided 95 % evidence for one window. Taken again at
/// every reading, a steady load at 90 % of a band's upper edge steps up without cause in about a third of hours, at
/// 80 % in none (a step up costs energy, not the SLO). A real rise that hurts latency is caught at once by the SLO
/// guard and the queue.</param>
/// <param name="GuardRisk">The chance that the SLO guard trips during one stay in a band whose share of latencies
/// above the bound is at the guard's threshold, over every reading of the stay (<see cref="SloGuard"/>).</param>
public sealed record GovernorSettings(
    TimeSpan Window,
    TimeSpan DownDwell,
    double GuardBudget = 0.5,
    int GuardMinimumObservations = 20,
    double UpEvidence = 1.645,
    double GuardRisk = 0.05
)
{
    public static GovernorSettings Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
}
