using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.History;

/// <summary>One host's latest recommendation for a model, and its energy above the fleet's best (percent).</summary>
public sealed record FleetHost(string HostId, string RunId, RunCompletion Completion, double? AboveBestPercent);
