namespace MLEnergy.Runtime.Load;

/// <summary>Open loop: exponential gaps at <see cref="RatePerSecond"/>, seeded.</summary>
public sealed record PoissonArrivals(double RatePerSecond, int Seed = 0) : ArrivalPlan
{
    public override string Describe() =>
        FormattableString.Invariant($"Poisson arrivals at {RatePerSecond:0.###} requests/s");

    public override double? StatedRate => RatePerSecond;

    /// <summary>Exponential gaps drawn from <see cref="Seed"/>: the same schedule every time.</summary>
    public override IEnumerable<TimeSpan> DueTimes()
    {
        var random = new Random(Seed);
        var next = TimeSpan.Zero;
        while (true)
        {
            next += TimeSpan.FromSeconds(-Math.Log(1 - random.NextDouble()) / RatePerSecond);
            yield return next;
        }
    }
}
