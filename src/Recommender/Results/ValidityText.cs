namespace MLEnergy.Recommender.Results;

/// <summary>
/// What the validity gates said about a run, for the summary and the report: the invalid trials grouped by reason
/// (neither results nor SLO misses), and the gates the target could not check.
/// </summary>
public static class ValidityText
{
    public static List<string> Lines(TuningResult result)
    {
        var observations = result.Run.Observations;
        var lines = observations
            .Where(o => o.Invalid)
            .GroupBy(o => o.InvalidReason!)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"invalid trial{(g.Count() == 1 ? string.Empty : "s")} ({g.Count()}): {g.Key}")
            .ToList();
        var skipped = GatesSkipped(result);
        if (skipped.Count > 0)
        {
            lines.Add($"validity gates not checked on this target: {string.Join(", ", skipped)}");
        }

        return lines;
    }

    /// <summary>
    /// The validity gates some trial's target could not check, in the order first met: result.json's top-level
    /// <c>gatesSkipped</c> and the report's "not checked" line read this one list.
    /// </summary>
    public static List<string> GatesSkipped(TuningResult result) =>
        [.. result.Run.Observations.SelectMany(o => o.GatesSkipped).Distinct()];
}
