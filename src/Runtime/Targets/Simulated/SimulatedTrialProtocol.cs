using System.Collections.Immutable;
using MLEnergy.Profiler.Latency;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Trials;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// The trial protocol every target follows, on the simulated host: warm up, measure the steady-state window (half of
/// it for a screening trial), and while an SLO verdict is undecided double the window up to
/// <see cref="TrialSettings.MaxWindow"/>, judging with the same early-stopping rule and planned looks as
/// <see cref="ServingEvaluator"/>. The simulator is deterministic for a seed, so a longer window is the same run
/// measured for longer.
/// </summary>
internal static class SimulatedTrialProtocol
{
    public static SimulatedTrialResult Run(
        SimulatedHost host,
        SimulatedServingConfig config,
        LoadSpec load,
        TrialFidelity fidelity,
        int seed,
        ServiceLevelObjective slo,
        TrialSettings settings,
        CancellationToken cancellationToken,
        TimeSpan? hostTimeLeft = null
    )
    {
        // Under a host-time budget the window ends where the budget does (at least a second is measured).
        var longest = hostTimeLeft is { } left
            ? TimeSpan.FromTicks(
                Math.Max(TimeSpan.TicksPerSecond, Math.Min(settings.MaxWindow.Ticks, (left - settings.Warmup).Ticks))
            )
            : settings.MaxWindow;
        var window = fidelity == TrialFidelity.Screening ? settings.Window / 2 : settings.Window;
        window = window < longest ? window : longest;
        while (true)
        {
            var trial = host.Run(config, load, settings.Warmup, window, seed, cancellationToken);
            if (!trial.Feasible || window >= longest || SloVerdicts.AllDecided(Judge(trial, slo, settings)))
            {
                return trial;
            }

            // Doubling the window at each look keeps the looks few (TrialSettings.PlannedLooks).
            window += window < longest - window ? window : longest - window;
        }
    }

    /// <summary>The early-stopping verdicts of a simulated trial, over the samples its observation reads.</summary>
    public static ImmutableDictionary<string, SloVerdict> Judge(
        SimulatedTrialResult trial,
        ServiceLevelObjective slo,
        TrialSettings settings
    ) => SloVerdicts.Judge(kind => Count(trial, kind), (kind, bound) => CountAbove(trial, kind, bound), slo, settings);

    /// <summary>
    /// How many samples of a kind a simulated trial has (inter-token times weighted by their count; a TPOT only for
    /// requests of two or more tokens).
    /// </summary>
    public static long Count(SimulatedTrialResult trial, LatencyKind kind) =>
        kind switch
        {
            LatencyKind.Itl => trial.InterTokenSamples.Sum(s => s.Count),
            LatencyKind.Tpot => trial.Requests.Count(r => r.TimePerOutputToken is not null),
            _ => trial.Requests.Count,
        };

    /// <summary>How many samples of a kind a simulated trial has above a bound (inter-token times weighted).</summary>
    public static long CountAbove(SimulatedTrialResult trial, LatencyKind kind, double boundMs) =>
        kind switch
        {
            LatencyKind.Itl => trial.InterTokenSamples.Where(s => s.Gap.TotalMilliseconds > boundMs).Sum(s => s.Count),
            LatencyKind.Ttft => trial.Requests.Count(r => r.TimeToFirstToken.TotalMilliseconds > boundMs),
            LatencyKind.Tpot => trial.Requests.Count(r => r.TimePerOutputToken?.TotalMilliseconds > boundMs),
            _ => trial.Requests.Count(r => r.EndToEnd.TotalMilliseconds > boundMs),
        };
}
