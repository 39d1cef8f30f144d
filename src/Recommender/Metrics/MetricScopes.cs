namespace MLEnergy.Recommender.Metrics;

/// <summary>Text forms of scopes and directions, as README's metric table writes them.</summary>
public static class MetricScopes
{
    public static string ToText(this MetricScope scope) =>
        scope switch
        {
            MetricScope.PerRequest => "per request",
            MetricScope.PerToken => "per token",
            MetricScope.PerImage => "per image",
            MetricScope.PerVideo => "per video",
            MetricScope.PerBatch => "per batch",
            MetricScope.PerGpu => "per GPU",
            MetricScope.ServingGpus => "serving GPUs",
            _ => "trial",
        };

    public static string ToText(this MetricDirection direction) =>
        direction == MetricDirection.HigherIsBetter ? "higher is better" : "lower is better";
}
