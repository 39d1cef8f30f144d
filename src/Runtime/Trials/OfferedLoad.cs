namespace MLEnergy.Runtime.Trials;

/// <summary>
/// What a rate-driven load asked of one window and what the server did: requests due inside it and requests that
/// finished inside it (succeeded or failed, whenever they started).
/// </summary>
public sealed record OfferedLoad(int Due, int Finished)
{
    /// <summary>Of <see cref="Due"/>, those due in each whole second of the window (a last part second dropped).
    /// </summary>
    public IReadOnlyList<int> EachSecond { get; init; } = [];

    /// <summary>The rate the load states over its whole length (<see cref="Load.ArrivalPlan.StatedRate"/>).</summary>
    public double? LoadRate { get; init; }
}
