using System.Globalization;
using System.Text;
using MLEnergy.Simulation.Telemetry;

namespace MLEnergy.Simulation.Http;

/// <summary>
/// The <c>/metrics</c> page: Prometheus text with each simulated GPU's energy counter and power, then vLLM's own
/// metrics.
/// </summary>
internal static class MetricsText
{
    public static string Render(LiveEngine live, int gpuCount, string modelId)
    {
        var (energy, power, average, now) = live.Read(
            (timeline, t) =>
            {
                var telemetry = new SimulatedGpuTelemetry(
                    timeline,
                    live.Gpu.Power.IdleWatts,
                    TelemetryOptions.Exact,
                    0
                );
                var at = TimeSpan.FromSeconds(t);
                return (
                    telemetry.TotalEnergyMillijoules(at),
                    telemetry.InstantPowerWatts(at),
                    telemetry.AveragePowerWatts(at),
                    t
                );
            }
        );
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(
            "# HELP mlenergy_sim_gpu_energy_millijoules Total energy of the simulated GPU since the server started "
                + "(NVML total energy counter)."
        );
        text.AppendLine("# TYPE mlenergy_sim_gpu_energy_millijoules counter");
        for (var gpu = 0; gpu < gpuCount; gpu++)
        {
            text.AppendLine(c, $"mlenergy_sim_gpu_energy_millijoules{{gpu=\"{gpu}\"}} {energy}");
        }

        text.AppendLine("# HELP mlenergy_sim_gpu_power_watts Instant power of the simulated GPU.");
        text.AppendLine("# TYPE mlenergy_sim_gpu_power_watts gauge");
        for (var gpu = 0; gpu < gpuCount; gpu++)
        {
            text.AppendLine(c, $"mlenergy_sim_gpu_power_watts{{gpu=\"{gpu}\"}} {power:F1}");
        }

        text.AppendLine(
            "# HELP mlenergy_sim_gpu_power_average_watts Power of the simulated GPU averaged over the last second."
        );
        text.AppendLine("# TYPE mlenergy_sim_gpu_power_average_watts gauge");
        for (var gpu = 0; gpu < gpuCount; gpu++)
        {
            text.AppendLine(c, $"mlenergy_sim_gpu_power_average_watts{{gpu=\"{gpu}\"}} {average:F1}");
        }

        text.AppendLine("# TYPE mlenergy_sim_generated_tokens_total counter");
        text.AppendLine(c, $"mlenergy_sim_generated_tokens_total {live.GeneratedTokens}");
        text.AppendLine("# TYPE mlenergy_sim_completed_requests_total counter");
        text.AppendLine(c, $"mlenergy_sim_completed_requests_total {live.CompletedRequests}");
        text.AppendLine("# TYPE mlenergy_sim_aborted_requests_total counter");
        text.AppendLine(c, $"mlenergy_sim_aborted_requests_total {live.AbortedRequests}");
        text.AppendLine("# TYPE mlenergy_sim_requests_in_flight gauge");
        text.AppendLine(c, $"mlenergy_sim_requests_in_flight {live.Running}");
        text.AppendLine("# TYPE mlenergy_sim_virtual_time_seconds gauge");
        text.AppendLine(c, $"mlenergy_sim_virtual_time_seconds {now:F3}");
        VllmMetricsText.Render(text, live, modelId);
        return text.ToString();
    }
}
