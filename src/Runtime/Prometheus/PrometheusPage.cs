using System.Globalization;
using System.Text;

namespace MLEnergy.Runtime.Prometheus;

/// <summary>
/// A server's <c>/metrics</c> page in Prometheus text format, parsed once: every sample line (comments and lines that
/// are not samples are skipped). The one parser of Prometheus text in the tool.
/// </summary>
public sealed class PrometheusPage
{
    private readonly ILookup<string, PrometheusSample> byName;

    private PrometheusPage(IReadOnlyList<PrometheusSample> samples)
    {
        Samples = samples;
        byName = samples.ToLookup(s => s.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public static PrometheusPage Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length > 0 && line[0] != '#' && TryParseLine(line) is { } sample)
            {
                samples.Add(sample);
            }
        }

        return new PrometheusPage(samples);
    }

    /// <summary>How many series a metric has on the page.</summary>
    public int Count(string name) => byName[name].Count();

    /// <summary>The sum of a metric over all its series (0 when absent).</summary>
    public double Sum(string name) => byName[name].Sum(s => s.Value);

    /// <summary>
    /// A histogram's cumulative bucket counts by upper bound, summed over its series (labels other than <c>le</c>);
    /// null when the page has no such histogram.
    /// </summary>
    public PrometheusHistogram? Histogram(string name)
    {
        var buckets = byName[name + "_bucket"]
            .Where(s => s.Labels.ContainsKey("le"))
            .GroupBy(s => ParseBound(s.Labels["le"]))
            .Where(g => !double.IsNaN(g.Key))
            .OrderBy(g => g.Key)
            .Select(g => (Bound: g.Key, Count: g.Sum(s => s.Value)))
            .ToList();
        return buckets.Count == 0 ? null : new PrometheusHistogram([.. buckets]);
    }

    private static double ParseBound(string text) =>
        text == "+Inf" ? double.PositiveInfinity
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) ? bound
        : double.NaN;

    private static PrometheusSample? TryParseLine(string line)
    {
        var nameEnd = line.IndexOfAny(['{', ' ', '\t']);
        if (nameEnd <= 0)
        {
            return null;
        }

        var name = line[..nameEnd];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = line[nameEnd..];
        if (rest[0] == '{')
        {
            var end = ParseLabels(rest, labels);
            if (end < 0)
            {
                return null;
            }

            rest = rest[(end + 1)..];
        }

        var valueText = rest.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (valueText is null)
        {
            return null;
        }

        var value = valueText switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : (double?)null,
        };
        return value is { } number ? new PrometheusSample(name, labels, number) : null;
    }

    /// <summary>Reads <c>{a="x",b="y"}</c> into <paramref name="labels"/>; the closing brace's index, or -1.</summary>
    private static int ParseLabels(string text, Dictionary<string, string> labels)
    {
        var i = 1;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || text[i] == ' '))
            {
                i++;
            }

            if (i < text.Length && text[i] == '}')
            {
                return i;
            }

            var equals = text.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= text.Length || text[equals + 1] != '"')
            {
                return -1;
            }

            var key = text[i..equals].Trim();
            var value = new StringBuilder();
            i = equals + 2;
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                    value.Append(text[i] == 'n' ? '\n' : text[i]);
                }
                else
                {
                    value.Append(text[i]);
                }

                i++;
            }

            if (i >= text.Length)
            {
                return -1;
            }

            labels[key] = value.ToString();
            i++;
        }

        return -1;
    }
}
