using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Turns <c>--load</c> (<c>saturate</c>, <c>poisson:RATE</c>, <c>concurrency:N</c> or <c>trace:FILE.jsonl</c>,
/// read by <see cref="LoadSpec.Parse"/>, the one reader of that text) into arrivals for a real server.
/// </summary>
public static class LoadPlanParser
{
    /// <summary>The closed-loop concurrency that <c>saturate</c> stands for.</summary>
    public const int SaturatingConcurrency = 256;

    public static ArrivalPlan Parse(string text, int seed = 0)
    {
        var spec = ParseSpec(text);
        return spec.Kind switch
        {
            LoadKind.Saturate => new ClosedLoopArrivals(SaturatingConcurrency),
            LoadKind.Poisson => new PoissonArrivals(spec.RequestsPerSecond, seed),
            LoadKind.Concurrency => new ClosedLoopArrivals(spec.Concurrency),
            _ => TraceFileReader.Read(spec.TracePath!),
        };
    }

    /// <summary>The <c>--load</c> text as every target reads it; a malformed one is the person's input.</summary>
    /// <exception cref="LoadSpecException">The text is none of the forms; the message says which exist.</exception>
    public static LoadSpec ParseSpec(string text)
    {
        try
        {
            return LoadSpec.Parse(text);
        }
        catch (FormatException e)
        {
            throw new LoadSpecException(e.Message, e);
        }
    }
}
