using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// Puts the gates' conclusion on an observation: requested and effective GPU settings, start and end temperature,
/// the settle wait, the batch occupancy, the peak running batch and the load's send lateness as metrics, the gates
/// skipped, and, when a gate failed, the reason. A trial that looked infeasible (no request finished, too many failed,
/// it did not keep up) stays so unless the load schedule gate or a gate that reads the GPUs failed: then what made it
/// look infeasible may be a load sent late and bunched, the setting not in force or the GPU slowing itself down, not
/// the configuration, so it is invalid (repeated) rather than held against the configuration.
/// </summary>
public static class ValidityRecord
{
    public static Observation Apply(Observation observation, TrialEvidence evidence, TrialValidity validity)
    {
        if (!observation.Feasible && validity.NotTheConfiguration.IsEmpty)
        {
            return observation;
        }

        var metrics = observation.Metrics.ToBuilder();
        void Set(MetricDefinition metric, double? value)
        {
            if (value is { } v && double.IsFinite(v))
            {
                metrics[metric.Name] = v;
            }
        }

        var gpus = evidence.Gpus;
        Set(MetricCatalogue.BatchOccupancy, evidence.BatchOccupancy);
        Set(MetricCatalogue.PeakRunningBatch, evidence.PeakRunningBatch);
        Set(MetricCatalogue.SendLateShare, evidence.Lateness?.LateShare);
        Set(MetricCatalogue.SendLatenessP99, evidence.Lateness?.P99.TotalMilliseconds);
        if (evidence.GpuTelemetry && !gpus.IsEmpty)
        {
            Set(MetricCatalogue.PowerLimitRequested, gpus[0].RequestedPowerLimit?.Watts);
            Set(MetricCatalogue.PowerLimitEnforced, gpus.Average(g => g.EnforcedPowerLimit?.Watts));
            Set(MetricCatalogue.SmClockCapRequested, gpus[0].RequestedClockCap?.Megahertz);
            Set(MetricCatalogue.SmClock, gpus.Max(g => g.SmClock?.Megahertz));
            Set(MetricCatalogue.TemperatureStart, gpus.Max(g => g.TemperatureStart?.Celsius));
            Set(MetricCatalogue.TemperatureEnd, gpus.Max(g => g.TemperatureEnd?.Celsius));
            Set(MetricCatalogue.SettleWait, evidence.SettleWait.TotalSeconds);
        }

        var recorded = observation with { Metrics = metrics.ToImmutable(), GatesSkipped = validity.Skipped };
        return !observation.Feasible ? recorded.AsInvalid(string.Join("; ", validity.NotTheConfiguration))
            : validity.Valid ? recorded
            : validity.OnlyShortOfSamples ? recorded.AsInvalid(validity.Reason) with { ShortOfSamples = true }
            : recorded.AsInvalid(validity.Reason);
    }
}
