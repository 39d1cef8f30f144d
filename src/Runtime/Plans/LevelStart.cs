using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Runtime.Plans;

/// <summary>A load level of a plan about to be tuned (or, when resuming, read back from the run that finished it).
/// </summary>
/// <param name="Number">1 for the first level tuned (the top one), up to <paramref name="Count"/>.</param>
/// <param name="Count">How many levels the plan has.</param>
/// <param name="RequestsPerSecond">The level's offered rate.</param>
/// <param name="ServerKnobs">The shared server knobs when they are pinned; null for the top level, which tunes them.
/// </param>
/// <param name="WarmStartFrom">The rate of the level whose best configuration is tried first; null for none.</param>
public sealed record LevelStart(
    int Number,
    int Count,
    double RequestsPerSecond,
    Configuration? ServerKnobs,
    double? WarmStartFrom
);
