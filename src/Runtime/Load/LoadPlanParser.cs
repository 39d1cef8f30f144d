using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Turns <c>--load</c> (<c>saturate</c>, <c>poisson:RATE</c>, <c>concurrency:N</c> or <c>trace:FILE</c>,
/// read by <see cref="LoadSpec.Parse"/>, the one reader of that text) into arrivals for a real server.
/// </summary>
public static class LoadPlanParser
{
    /// <summary>The closed-loop concurrency that <c>saturate</c> stands for.</summary>
    public const int SaturatingConcurrency = 256;

    /// <summary>
    /// The most requests in flight a closed loop may keep: beyond it memory, not the server, is measured.
    /// </summary>
    public const int MaxConcurrency = 100_000;

    public const double MaxRate = 1_000_000;

    public static ArrivalPlan Parse(string text, int seed = 0)
    {
        var spec = ParseSpec(text);
        return spec.Kind switch
        {
            LoadKind.Saturate => new ClosedLoopArrivals(SaturatingConcurrency),
            LoadKind.Poisson => new PoissonArrivals(spec.RequestsPerSecond, seed),
            LoadKind.Concurrency => new ClosedLoopArrivals(spec.Concurrency),
            _ => TraceFileReader.Read(spec.TracePath!, spec.Selection),
        };
    }

    /// <summary>The <c>--load</c> text as every target reads it; a malformed one is the person's input.</summary>
    /// <exception cref="LoadSpecException">The text is none of the forms; the message says which exist.</exception>
    public static LoadSpec ParseSpec(string text)
    {
        LoadSpec spec;
        try
        {
            spec = LoadSpec.Parse(text);
        }
        catch (FormatException e)
        {
            throw new LoadSpecException(e.Message, e);
        }

        return spec.Kind switch
        {
            LoadKind.Concurrency when spec.Concurrency is < 1 or > MaxConcurrency => throw new LoadSpecException(
                $"--load {text}: concurrency must be from 1 to {MaxConcurrency}"
            ),
            LoadKind.Poisson when !(spec.RequestsPerSecond is > 0 and <= MaxRate) => throw new LoadSpecException(
                $"--load {text}: the rate must be above 0 and at most {MaxRate} requests/s"
            ),
            _ => spec,
        };
    }
}
