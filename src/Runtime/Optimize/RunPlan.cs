using System.Collections.Immutable;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Optimize;

/// <summary>
/// How one optimize run is carried out beyond the request: what kind of run it is, trials it starts from
/// (a nightly warm start), a strategy wrapper, notes for the reports, and a store already open.
/// </summary>
public sealed record RunPlan
{
    public static RunPlan Default { get; } = new();

    public RunKind Kind { get; init; } = RunKind.Tune;

    public IReadOnlyList<Observation> WarmStart { get; init; } = [];

    public Func<ISearchStrategy, ISearchStrategy>? WrapStrategy { get; init; }

    public ImmutableArray<string> Notes { get; init; } = [];

    public string NotesHeading { get; init; } = "Notes";

    /// <summary>An open store to use (and leave open); null opens the request's store.</summary>
    public ITrialStore? Store { get; init; }
}
