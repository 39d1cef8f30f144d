using MLEnergy.Recommender.Search.Parallel;

namespace MLEnergy.Runtime.Studies;

/// <summary>A trial one worker has claimed: its row, the study, and which repetition of which configuration.</summary>
public sealed record StudyClaim(string Id, string Study, string Worker, PendingTrial Trial, int Repetition);
