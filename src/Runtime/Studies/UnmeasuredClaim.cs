using MLEnergy.Recommender.Search.Parallel;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// A claim given back or released (its worker stopped heartbeating) whose slot, this repetition of this configuration,
/// nobody holds or has finished since: a trial the study still owes, measured before it finishes.
/// </summary>
public sealed record UnmeasuredClaim(PendingTrial Trial, int Repetition);
