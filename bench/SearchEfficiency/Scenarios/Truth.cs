namespace MLEnergy.SearchEfficiency.Scenarios;

/// <summary>What a configuration really does, without measurement noise.</summary>
public sealed record Truth(double Energy, IReadOnlyDictionary<string, double> Latencies);
