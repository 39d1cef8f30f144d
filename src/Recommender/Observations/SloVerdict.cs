namespace MLEnergy.Recommender.Observations;

/// <summary>Whether an observation meets one SLO constraint; undecided when too few requests were seen.</summary>
public enum SloVerdict
{
    Met,
    Missed,
    Undecided,
}
