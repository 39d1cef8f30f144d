using MLEnergy.Units;

namespace MLEnergy.Runtime.Load;

/// <summary>Closed loop: <see cref="Concurrency"/> requests always in flight.</summary>
public sealed record ClosedLoopArrivals(int Concurrency) : ArrivalPlan
{
    public override string Describe() => $"closed loop with {CountText.Of(Concurrency, "request")} in flight";
}
