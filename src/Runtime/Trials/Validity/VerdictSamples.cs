namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// How many samples an SLO verdict saw, the fewest with which it could be met at its confidence (459 for a p99
/// at 99 % in one look, none over the bound), and whether the verdict was reached (a miss may be decided with fewer).
/// </summary>
public readonly record struct VerdictSamples(string Metric, long Seen, long Needed, bool Decided = false);
