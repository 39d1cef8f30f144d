using MLEnergy.Runtime.Prometheus;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// One reading of a serving server's load from its metrics (vLLM's names).
/// </summary>
/// <param name="Seconds">When it was read, on the server's clock (sim-server's virtual time) or the wall clock.</param>
/// <param name="Finished">Requests finished since the server started, whatever the reason.</param>
/// <param name="Running">Requests in the batch now.</param>
/// <param name="Waiting">Requests queued for the batch now.</param>
/// <param name="FirstToken">The time-to-first-token histogram (seconds), when the server has one.</param>
/// <param name="OutputToken">The time-per-output-token histogram (seconds), when the server has one.</param>
public sealed record ServerLoad(
    double Seconds,
    double Finished,
    double Running,
    double Waiting,
    PrometheusHistogram? FirstToken = null,
    PrometheusHistogram? OutputToken = null
)
{
    /// <summary>Requests in the server: in the batch or waiting for it.</summary>
    public double InSystem => Running + Waiting;
}
