namespace MLEnergy.Recommender.Observations;

/// <summary>How long a trial measures: a short screening window or a full confirming one.</summary>
public enum TrialFidelity
{
    Screening,
    Full,
}
