namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// Space-filling first trials before the surrogates have anything to stand on: the candidate nearest the
/// centre of the space, then each time the one farthest from everything measured (maximin over a sample), among those
/// the trials so far do not already rule out (<see cref="MonotoneBounds.SurelyMisses"/>: at least as slow as a clear
/// miss, or serving no more than one that fell behind its load; all of them when every one is ruled out).
/// </summary>
internal static class InitialDesign
{
    private const int SampleSize = 1000;

    public static int Size(KnobGeometry geometry, AutoOptions options) =>
        options.InitialTrials
        ?? (geometry.Candidates.Count <= 16 ? 1 : Math.Min(geometry.Dimensions + 1, geometry.Candidates.Count / 4));

    public static int Next(KnobGeometry geometry, SearchEvidence evidence, MonotoneBounds bounds, System.Random random)
    {
        var count = geometry.Candidates.Count;
        var sample =
            count <= SampleSize
                ? Enumerable.Range(0, count)
                : Enumerable.Range(0, SampleSize).Select(_ => random.Next(count));
        var uncovered = sample.Where(i => !evidence.Covered.Contains(i)).Distinct().ToList();
        var open = uncovered.Where(i => !bounds.SurelyMisses(i)).ToList() is { Count: > 0 } possible
            ? possible
            : uncovered;
        // What a trial proved unable to run is known as if measured: the design fills the space away from it too.
        var measured = evidence.Measured.Union(evidence.Known).Select(i => geometry.Features[i]).ToList();
        if (measured.Count == 0)
        {
            var centre = Enumerable.Repeat(0.5, geometry.Dimensions).ToArray();
            return open.MinBy(i => Distance(geometry.Features[i], centre));
        }

        return open.MaxBy(i => measured.Min(m => Distance(geometry.Features[i], m)));
    }

    private static double Distance(double[] a, double[] b) => a.Select((x, d) => (x - b[d]) * (x - b[d])).Sum();
}
