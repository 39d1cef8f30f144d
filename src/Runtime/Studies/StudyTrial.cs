using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Studies;

/// <summary>A finished trial of a study: who measured it, which repetition it was, and what it measured.</summary>
public sealed record StudyTrial(string Worker, int Repetition, Observation Observation);
