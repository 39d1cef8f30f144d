using MLEnergy.Simulation.Http;

namespace MLEnergy.LoadFollowing;

/// <summary>The GPU settings searched: the shipped H100 space's clock caps and power limits.</summary>
public static class GpuGrid
{
    /// <summary>Maximum clock, default limit: what a host runs out of the box.</summary>
    public static SimulatedGpuSettings Baseline { get; } = new(1980, 700);

    public static IEnumerable<SimulatedGpuSettings> All()
    {
        for (var clock = 765; clock <= 1980; clock += 135)
        {
            foreach (var watts in (int[])[300, 400, 500, 600, 700])
            {
                yield return new SimulatedGpuSettings(clock, watts);
            }
        }
    }
}
