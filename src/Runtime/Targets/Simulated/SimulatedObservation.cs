using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Trials;
using MLEnergy.Simulation;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// Turns a simulated trial into an observation through the same <see cref="ObservationBuilder"/> a real trial
/// uses; the energy is measured through the profiler's meter over the steady-state window, as on a real host.
/// </summary>
internal static class SimulatedObservation
{
    public static IReadOnlyCollection<string> Names => ObservationBuilder.StreamedLlmMetrics;

    public static Observation From(
        Configuration configuration,
        SimulatedTrialResult trial,
        TrialFidelity fidelity,
        ImmutableDictionary<string, SloVerdict>? verdicts = null
    )
    {
        var hostTime = trial.Warmup + trial.Window;
        if (!trial.Feasible)
        {
            return Observation.Infeasible(
                configuration,
                trial.InfeasibleReason ?? "infeasible",
                SimulatedInfeasibility.Of(trial.Problem)
            ) with
            {
                Fidelity = fidelity,
                HostTime = hostTime,
            };
        }

        static IEnumerable<double> Ms(IEnumerable<TimeSpan> values) => values.Select(v => v.TotalMilliseconds);
        var builder = new ObservationBuilder()
            .Latencies(MetricCatalogue.Itl, trial.InterTokenSamples.Select(s => (s.Gap.TotalMilliseconds, s.Count)))
            .Latencies(MetricCatalogue.Tpot, Ms(trial.Requests.Select(r => r.TimePerOutputToken).OfType<TimeSpan>()))
            .Latencies(MetricCatalogue.Ttft, Ms(trial.Requests.Select(r => r.TimeToFirstToken)))
            .Latencies(MetricCatalogue.E2e, Ms(trial.Requests.Select(r => r.EndToEnd)))
            .Window(
                SimulatedWindowEnergy.OfServingGpus(trial),
                trial.ServingGpuCount,
                trial.Window,
                trial.GeneratedTokens,
                [.. trial.Requests.Select(r => r.OutputTokens)]
            );
        builder.PeakPower(SimulatedPeakPower.OfServingGpus(trial));
        if (trial.PeakClockMhz > 0)
        {
            builder.PeakSmClock(Frequency.FromMegahertz(trial.PeakClockMhz));
        }
        if (trial.RateDriven)
        {
            builder.Offered(
                trial.ArrivedRequests,
                trial.Requests.Count,
                trial.Window,
                trial.ArrivedEachSecond,
                trial.StatedRate
            );
        }

        var observation = builder.Build(configuration);
        return observation with
        {
            Fidelity = fidelity,
            HostTime = hostTime,
            Verdicts = verdicts ?? observation.Verdicts,
        };
    }
}
