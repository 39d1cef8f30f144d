namespace MLEnergy.Runtime.Load;

/// <summary>When requests are sent: open-loop Poisson, closed-loop concurrency, or a recorded trace.</summary>
public abstract record ArrivalPlan
{
    public abstract string Describe();
}
