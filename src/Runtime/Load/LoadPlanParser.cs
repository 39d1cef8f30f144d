using System.Globalization;

namespace MLEnergy.Runtime.Load;

/// <summary>Reads <c>--load</c>: <c>saturate</c>, <c>poisson:RATE</c>, <c>concurrency:N</c> or <c>trace:FILE.jsonl</c>.</summary>
public static class LoadPlanParser
{
    /// <summary>The closed-loop concurrency that <c>saturate</c> stands for.</summary>
    public const int SaturatingConcurrency = 256;

    public static ArrivalPlan Parse(string text, int seed = 0)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var argument = colon < 0 ? string.Empty : text[(colon + 1)..].Trim();
        return kind switch
        {
            "saturate" => new ClosedLoopArrivals(SaturatingConcurrency),
            "poisson" when double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 =>
                new PoissonArrivals(rate, seed),
            "concurrency" when int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 =>
                new ClosedLoopArrivals(n),
            "trace" when argument.Length > 0 => TraceFileReader.Read(argument),
            _ => throw new LoadSpecException($"cannot read load '{text}': use saturate, poisson:RATE (requests/s), concurrency:N or trace:FILE.jsonl"),
        };
    }
}
