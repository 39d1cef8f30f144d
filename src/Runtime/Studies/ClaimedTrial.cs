namespace MLEnergy.Runtime.Studies;

/// <summary>
/// A claim a worker took, and how many of the study's finished trials (the first ones, in the order they finished)
/// the proposal behind it had read: what the claim could have depended on.
/// </summary>
public sealed record ClaimedTrial(StudyClaim Claim, int FinishedTrialsSeen);
