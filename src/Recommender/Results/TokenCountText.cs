using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Recommender.Results;

/// <summary>
/// How a run's output tokens were counted, one wording for the terminal summary and the reports: said only when some
/// requests' tokens were counted from the stream because the server sent no count of its own.
/// </summary>
public static class TokenCountText
{
    /// <summary>The sentence, or null when every request's token count came from the server.</summary>
    public static string? Line(TuningResult result) =>
        EstimatedShare(result) is { } share
            ? $"for {share:P0} of requests the server sent no usage, so their output tokens were counted from the "
                + "stream's chunks with text (too few where a chunk holds several tokens); per-token figures there "
                + "are estimates"
            : null;

    /// <summary>
    /// The share of requests, over every trial that measured any, whose tokens were estimated; null if none.
    /// </summary>
    private static double? EstimatedShare(TuningResult result)
    {
        var shares = result
            .Run.Observations.Select(o => o.Metric(MetricNames.OutputTokensEstimatedShare))
            .OfType<double>()
            .ToList();
        return shares.Count > 0 && shares.Max() > 0 ? shares.Average() : null;
    }
}
