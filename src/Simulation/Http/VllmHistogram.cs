using System.Globalization;
using System.Text;

namespace MLEnergy.Simulation.Http;

/// <summary>
/// A Prometheus histogram with fixed bucket bounds (vLLM's own), kept as counts per bucket: constant memory however
/// long the server runs. Callers hold the live engine's lock.
/// </summary>
internal sealed class VllmHistogram(IReadOnlyList<double> bounds)
{
    /// <summary>vLLM's buckets for <c>vllm:time_to_first_token_seconds</c>.</summary>
    public static readonly IReadOnlyList<double> FirstTokenBounds =
    [
        0.001,
        0.005,
        0.01,
        0.02,
        0.04,
        0.06,
        0.08,
        0.1,
        0.25,
        0.5,
        0.75,
        1.0,
        2.5,
        5.0,
        7.5,
        10.0,
        20.0,
        40.0,
        80.0,
        160.0,
        640.0,
        2560.0,
    ];

    /// <summary>vLLM's buckets for its per-token and per-request output-token times.</summary>
    public static readonly IReadOnlyList<double> OutputTokenBounds =
    [
        0.01,
        0.025,
        0.05,
        0.075,
        0.1,
        0.15,
        0.2,
        0.3,
        0.4,
        0.5,
        0.75,
        1.0,
        2.5,
        5.0,
        7.5,
        10.0,
        20.0,
        40.0,
        80.0,
    ];

    /// <summary>vLLM's buckets for <c>vllm:e2e_request_latency_seconds</c>.</summary>
    public static readonly IReadOnlyList<double> RequestLatencyBounds =
    [
        0.3,
        0.5,
        0.8,
        1.0,
        1.5,
        2.0,
        2.5,
        5.0,
        10.0,
        15.0,
        20.0,
        30.0,
        40.0,
        50.0,
        60.0,
        120.0,
        240.0,
        480.0,
        960.0,
        1920.0,
        7680.0,
    ];

    private readonly long[] counts = new long[bounds.Count + 1];
    private double sum;

    public long Count { get; private set; }

    public void Observe(double seconds)
    {
        var index = 0;
        while (index < bounds.Count && seconds > bounds[index])
        {
            index++;
        }

        counts[index]++;
        Count++;
        sum += seconds;
    }

    /// <summary>Appends the histogram's lines (cumulative buckets, sum, count) under one label set.</summary>
    public void Render(StringBuilder text, string name, string help, string labels)
    {
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# HELP {name} {help}");
        text.AppendLine(c, $"# TYPE {name} histogram");
        long cumulative = 0;
        for (var i = 0; i < bounds.Count; i++)
        {
            cumulative += counts[i];
            text.AppendLine(c, $"{name}_bucket{{le=\"{bounds[i]:0.0##}\",{labels}}} {cumulative}");
        }

        text.AppendLine(c, $"{name}_bucket{{le=\"+Inf\",{labels}}} {Count}");
        text.AppendLine(c, $"{name}_sum{{{labels}}} {sum:R}");
        text.AppendLine(c, $"{name}_count{{{labels}}} {Count}");
    }
}
