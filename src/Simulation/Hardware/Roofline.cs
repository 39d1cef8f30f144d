namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// How long a kernel phase takes from its compute time and its memory time: the longer of the two, lengthened by
/// how much of the shorter one does not overlap it (a p-norm of the two, p the fitted roofline exponent; infinite p
/// = full overlap, the plain roofline's maximum).
/// </summary>
internal static class Roofline
{
    public static double Seconds(double compute, double memory, double overlap)
    {
        var high = Math.Max(compute, memory);
        if (double.IsPositiveInfinity(overlap) || high <= 0)
        {
            return high;
        }

        var low = Math.Min(compute, memory);
        return high * Math.Pow(1.0 + Math.Pow(low / high, overlap), 1.0 / overlap);
    }
}
