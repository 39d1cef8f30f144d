using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>Reported after every trial: which one, how many so far, and how many there could be.</summary>
public sealed record TrialProgress(int TrialNumber, int Candidates, Observation Observation, bool Restarted);
