using MLEnergy.Recommender.Results;
using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Optimize;

/// <summary>A finished optimize run: its result and the folder it was written to.</summary>
public sealed record OptimizeOutcome(TuningResult Result, RunFolder Folder, bool IsSimulated);
