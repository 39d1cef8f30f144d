using MLEnergy.LoadFollowing.Policies;
using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Governor;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Following;
using MLEnergy.Simulation.Load;

namespace MLEnergy.LoadFollowing;

/// <summary>
/// One model through the whole evaluation: the baseline's capacity, the trace scaled so that its busiest minute
/// offers <see cref="EvaluationOptions.BusiestUtilization"/> of it, the best static setting, the tool's plan for the
/// trace's levels, then the same trace served under each policy in virtual time.
/// </summary>
public static class CaseEvaluation
{
    public static async Task<CaseReport> RunAsync(
        EvaluationOptions options,
        ModelCase model,
        SimulatedHost host,
        IReadOnlyList<TraceRequest> trace,
        CancellationToken cancellationToken
    )
    {
        var baseline = new SimulatedServingConfig(
            model.ModelId,
            ModelCase.Gpu,
            model.TensorParallel,
            1,
            ModelCase.MaxNumSeqs,
            GpuGrid.Baseline.SmClockCapMhz,
            GpuGrid.Baseline.PowerLimitWatts,
            model.TensorParallel
        );
        var unscaled = ScaledTrace.Of(trace, 1, options.FromMinute, options.Minutes);
        var capacity = CapacityProbe.RequestsPerSecond(host, baseline, unscaled.Requests, cancellationToken);
        var scale = options.BusiestUtilization * capacity / unscaled.BusiestRate;
        var scaled = ScaledTrace.Of(trace, scale, options.FromMinute, options.Minutes);
        var levels = LoadLevelQuantiles.Of(scaled.PerMinuteRates);
        var best = StaticSearch.Best(host, baseline, scaled, EvaluationOptions.TpotBoundMs, cancellationToken);
        var plan = await PlanTuner.TuneAsync(
            options.RepositoryRoot,
            model,
            EvaluationOptions.Slo,
            levels,
            options.PlanBudget,
            options.Seed,
            cancellationToken
        );
        IPolicy[] policies =
        [
            new FixedPolicy("baseline", GpuGrid.Baseline),
            new FixedPolicy("best static", best ?? GpuGrid.Baseline),
            new OraclePlanPolicy(plan, scaled),
            new GovernPolicy(plan, options.Governor),
        ];
        var end = scaled.LastArrivalSeconds + EvaluationOptions.DrainSeconds;
        var outcomes = policies
            .Select(policy =>
            {
                var run = new ControlledTraceRun(
                    host,
                    baseline with
                    {
                        SmClockCapMhz = policy.Start.SmClockCapMhz,
                        PowerLimitWatts = policy.Start.PowerLimitWatts,
                    }
                ).Run(scaled.Requests, EvaluationOptions.IntervalSeconds, end, policy.Decide, cancellationToken);
                return PolicyOutcome.Of(policy.Name, run, scaled.Requests.Count, EvaluationOptions.TpotBoundMs);
            })
            .ToList();
        var governed = (GovernPolicy)policies[3];
        return new CaseReport(model, capacity, scaled, levels, best, plan, outcomes, governed.SwitchReasons);
    }
}
