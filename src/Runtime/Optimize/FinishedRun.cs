using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Optimize;

/// <summary>A run carried through its lifecycle: the result written to its folder and finished in the store.</summary>
public sealed record FinishedRun(TuningResult Result, RunSession Session, TuningRun Measured);
