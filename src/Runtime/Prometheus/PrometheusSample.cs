namespace MLEnergy.Runtime.Prometheus;

/// <summary>One line of Prometheus text: a series (name and labels) and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
