using MLEnergy.Simulation.Following;

namespace MLEnergy.LoadFollowing;

/// <summary>What one policy did over the trace.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Seconds">Virtual seconds the run covered (the trace and a drain).</param>
/// <param name="EnergyJoules">Energy of the serving GPUs over the run, J.</param>
/// <param name="OutputTokens">Output tokens of the finished requests.</param>
/// <param name="MeetingShare">Share of the trace's requests finished with TPOT within the bound (0-1).</param>
/// <param name="TpotP99Ms">p99 of the finished requests' TPOT, ms.</param>
/// <param name="Unfinished">Requests not finished when the run ended.</param>
/// <param name="MaxWaiting">The longest queue after any engine step.</param>
/// <param name="Switches">GPU setting changes during the run.</param>
public sealed record PolicyOutcome(
    string Policy,
    double Seconds,
    double EnergyJoules,
    long OutputTokens,
    double MeetingShare,
    double TpotP99Ms,
    int Unfinished,
    int MaxWaiting,
    int Switches
)
{
    public double KilowattHours => EnergyJoules / 3.6e6;

    public double JoulesPerToken => OutputTokens > 0 ? EnergyJoules / OutputTokens : double.NaN;

    public double SwitchesPerHour => Seconds > 0 ? Switches * 3600 / Seconds : 0;

    /// <summary>Energy saved against another policy's run over the same trace, percent.</summary>
    public double SavingPercent(PolicyOutcome other) => 100 * (1 - (EnergyJoules / other.EnergyJoules));

    public static PolicyOutcome Of(string policy, ControlledRunResult run, int requests, double tpotBoundMs)
    {
        var tpots = run
            .Requests.Select(r => r.TimePerOutputToken)
            .OfType<TimeSpan>()
            .Select(t => t.TotalMilliseconds)
            .Order()
            .ToList();
        // A one-token request has no time per output token: nothing of it can miss the bound.
        var meeting = run.Requests.Count(r => !(r.TimePerOutputToken?.TotalMilliseconds > tpotBoundMs));
        return new PolicyOutcome(
            policy,
            run.Seconds,
            run.EnergyJoules,
            run.OutputTokens,
            requests > 0 ? (double)meeting / requests : 1,
            tpots.Count > 0 ? tpots[Math.Clamp((int)Math.Ceiling(0.99 * tpots.Count) - 1, 0, tpots.Count - 1)] : 0,
            run.Unfinished,
            run.MaxWaiting,
            run.SettingChanges
        );
    }
}
