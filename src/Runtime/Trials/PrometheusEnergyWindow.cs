using System.Diagnostics;
using MLEnergy.Runtime.Prometheus;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// Energy from a counter the server exposes in Prometheus text format (the simulated server's GPU energy; joules,
/// or the unit the name ends with: <c>_millijoules</c>, <c>_microjoules</c>): the sum over every series of
/// <c>metric</c> at the end of the window minus that at its start.
/// </summary>
public sealed class PrometheusEnergyWindow(HttpClient http, Uri metricsUrl, string metric) : IWindowEnergy
{
    private (double Joules, long Timestamp)? _start;

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        var (joules, _) = await ReadAsync(cancellationToken);
        _start = (joules, Stopwatch.GetTimestamp());
    }

    public async Task<WindowEnergy> EndAsync(CancellationToken cancellationToken)
    {
        var start = _start ?? throw new InvalidOperationException("the energy window was never begun");
        var (joules, series) = await ReadAsync(cancellationToken);
        return new WindowEnergy(
            Energy.FromJoules(joules - start.Joules),
            series,
            Stopwatch.GetElapsedTime(start.Timestamp)
        );
    }

    /// <summary>
    /// The sum of every sample of <paramref name="metric"/> in Prometheus text, and how many series there were.
    /// </summary>
    public static (double Sum, int Series) Parse(string text, string metric)
    {
        var page = PrometheusPage.Parse(text);
        return (page.Sum(metric), page.Count(metric));
    }

    private async Task<(double Joules, int Series)> ReadAsync(CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(metricsUrl, cancellationToken);
        var (sum, series) = Parse(text, metric);
        var joules =
            metric.EndsWith("_millijoules", StringComparison.Ordinal) ? sum / 1e3
            : metric.EndsWith("_microjoules", StringComparison.Ordinal) ? sum / 1e6
            : sum;
        return series > 0
            ? (joules, series)
            : throw new InvalidOperationException($"{metricsUrl} has no metric '{metric}'");
    }
}
