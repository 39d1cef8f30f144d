namespace MLEnergy.Recommender.Reports;

/// <summary>
/// What the apply commands need to know about the GPU that the result alone does not say: read from the host's GPU
/// when there is one, else from the GPU data for the run's GPU model.
/// </summary>
/// <param name="LowestClockMhz">The lowest SM clock the GPU supports, MHz: the bottom of a clock lock under a cap, as
/// <c>mlenergy apply</c> sets it.</param>
/// <param name="DefaultPowerLimitWatts">The power limit the GPU boots with, W: what reverting puts back when the
/// baseline did not set one.</param>
/// <param name="Source">
/// Where the facts come from, for a comment line (e.g. <c>NVML gpu0</c>, <c>GPU data H100</c>).
/// </param>
public sealed record ApplyGpuFacts(double? LowestClockMhz, double? DefaultPowerLimitWatts, string Source)
{
    public static ApplyGpuFacts Unknown { get; } = new(null, null, "nothing");
}
