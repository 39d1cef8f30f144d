using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Load;
using MLEnergy.Simulation.Load;

namespace MLEnergy.LoadFollowing;

/// <summary>
/// A trace at a rate: its arrivals divided by <see cref="Scale"/> (as <c>--load trace:FILE,scale=X</c> does), with the
/// request rate of each minute of the scaled trace.
/// </summary>
public sealed record ScaledTrace(IReadOnlyList<TraceRequest> Requests, double Scale)
{
    public IReadOnlyList<double> PerMinuteRates { get; } =
        LoadLevelQuantiles.PerMinuteRates(Requests.Select(r => TimeSpan.FromSeconds(r.TimestampSeconds)));

    public double BusiestRate => PerMinuteRates.Max();

    public int BusiestMinute => PerMinuteRates.ToList().IndexOf(BusiestRate);

    public double LastArrivalSeconds => Requests[^1].TimestampSeconds;

    /// <summary>The offered rate of the minute <paramref name="seconds"/> falls in (0 after the trace).</summary>
    public double RateAt(double seconds)
    {
        var minute = (int)Math.Floor(seconds / 60);
        return minute >= 0 && minute < PerMinuteRates.Count ? PerMinuteRates[minute] : 0;
    }

    /// <summary>The trace's requests as the simulator replays them (any of the readers' formats).</summary>
    public static IReadOnlyList<TraceRequest> Read(string path) =>
        [
            .. TraceFileReader
                .ReadLines(path)
                .Select(l => new TraceRequest(l.Arrival.TotalSeconds, l.PromptTokens, l.MaxTokens)),
        ];

    /// <summary>The first <paramref name="minutes"/> of <paramref name="trace"/> from minute
    /// <paramref name="fromMinute"/>, divided by <paramref name="scale"/>.</summary>
    public static ScaledTrace Of(IReadOnlyList<TraceRequest> trace, double scale, int fromMinute, int? minutes)
    {
        var from = fromMinute * 60.0;
        var to = minutes is { } m ? from + (m * 60.0) : double.PositiveInfinity;
        return new ScaledTrace(
            [
                .. trace
                    .Where(r => r.TimestampSeconds >= from && r.TimestampSeconds < to)
                    .Select(r => r with { TimestampSeconds = (r.TimestampSeconds - from) / scale }),
            ],
            scale
        );
    }
}
