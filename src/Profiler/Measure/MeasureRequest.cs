namespace MLEnergy.Profiler.Measure;

/// <summary>
/// What <c>mlenergy measure</c> is asked to do: run <see cref="Command"/> with <see cref="Arguments"/> (no shell),
/// metering <see cref="Gpus"/> (all when <c>null</c>) and sampling every <see cref="Interval"/>.
/// </summary>
public sealed record MeasureRequest(
    string Command,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<int>? Gpus,
    TimeSpan Interval,
    string? CsvPath = null
)
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);
}
