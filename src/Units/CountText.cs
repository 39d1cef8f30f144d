namespace MLEnergy.Units;

/// <summary>
/// A count with its noun, singular for one: <c>1 trial</c>, <c>0 trials</c>, <c>12,000 trials</c> (the count as
/// <see cref="NumberText.Count"/> writes it).
/// </summary>
public static class CountText
{
    /// <param name="count">How many.</param>
    /// <param name="noun">The singular (<c>trial</c>, <c>measured configuration</c>).</param>
    /// <param name="plural">The plural when it is not the singular with an "s".</param>
    public static string Of(long count, string noun, string? plural = null) =>
        NumberText.Count(count) + " " + (count == 1 ? noun : plural ?? noun + "s");
}
