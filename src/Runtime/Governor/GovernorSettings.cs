namespace MLEnergy.Runtime.Governor;

/// <summary>How the governor follows load.</summary>
/// <param name="Window">The request rate is measured over this much of the server's time.</param>
/// <param name="DownDwell">A lower band is taken no sooner than this after the last switch, however sure the
/// fall.</param>
/// <param name="GuardBudget">The SLO guard's threshold: this fraction of what the SLO's percentile allows (0.5 with
/// p99: 0.5 % of the latencies above the bound); it steps up on evidence that the share since the last switch is
/// over it (<see cref="SloGuard"/>).</param>
/// <param name="GuardMinimumObservations">Fewer latencies than this since the last switch never trip the guard.</param>
/// <param name="RateRisk">How often an hour the rate alone steps without cause, at most, at a steady load inside a
/// band or on its edge, however often it is read (<see cref="RateEvidence"/>: a step comes when the evidence that the
/// rate is past an edge reaches 1 h / this many seconds). 0.05: once in 20 hours of steady load. The former rule,
/// one-sided 95 % evidence from one 30 s window taken again at every reading, stepped up without cause 0.38 times an
/// hour at 90 % of a band's upper edge and 4.6 times on it (RateRepeatedLooksTests).</param>
/// <param name="GuardRisk">The chance that the SLO guard trips during one stay in a band whose share of latencies
/// above the bound is at the guard's threshold, over every reading of the stay (<see cref="SloGuard"/>).</param>
public sealed record GovernorSettings(
    TimeSpan Window,
    TimeSpan DownDwell,
    double GuardBudget = 0.5,
    int GuardMinimumObservations = 20,
    double GuardRisk = 0.05,
    double RateRisk = 0.05
)
{
    public static GovernorSettings Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
}
