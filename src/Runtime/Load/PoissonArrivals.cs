namespace MLEnergy.Runtime.Load;

/// <summary>Open loop: exponential gaps at <see cref="RatePerSecond"/>, seeded.</summary>
public sealed record PoissonArrivals(double RatePerSecond, int Seed = 0) : ArrivalPlan
{
    public override string Describe() =>
        FormattableString.Invariant($"Poisson arrivals at {RatePerSecond:0.###} requests/s");

    public override double? StatedRate => RatePerSecond;
}
