namespace MLEnergy.Simulation.Engine;

/// <summary>
/// Measurements the free constants were fitted to: one task on one GPU kind, a few named models (at most one
/// dense and one mixture-of-experts model per GPU kind). Every other row is a prediction.
/// </summary>
public sealed record FitScope(string Task, string Gpu, IReadOnlyList<string> Models)
{
    public bool Covers(string task, string gpu, string modelId) =>
        string.Equals(task, Task, StringComparison.OrdinalIgnoreCase)
        && string.Equals(gpu, Gpu, StringComparison.OrdinalIgnoreCase)
        && Models.Contains(modelId, StringComparer.OrdinalIgnoreCase);
}
