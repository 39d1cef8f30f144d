namespace MLEnergy.Runtime.Governor;

/// <summary>What <c>mlenergy govern</c> was asked, validated by the command line.</summary>
/// <param name="Plan">A plan.json path, a run folder holding one, a run id under the state folder, or latest.</param>
/// <param name="Target">The serving server's base address; its metrics are at <c>/metrics</c>.</param>
/// <param name="Gpus">The GPUs to set; empty: all of them.</param>
/// <param name="Interval">Time between two readings of the metrics (wall clock).</param>
public sealed record GovernRequest(
    string Plan,
    Uri Target,
    GpuControlKind Control,
    IReadOnlyList<int> Gpus,
    TimeSpan Interval,
    GovernorSettings Settings,
    bool DryRun,
    string StateDirectory
);
