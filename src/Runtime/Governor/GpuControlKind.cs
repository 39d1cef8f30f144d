namespace MLEnergy.Runtime.Governor;

/// <summary>How the governor reaches the GPUs it sets.</summary>
public enum GpuControlKind
{
    /// <summary>A sim-server target's simulated GPUs (it answers <c>/control/gpus</c>), else NVML.</summary>
    Auto,

    /// <summary>This host's GPUs through NVML.</summary>
    Nvml,

    /// <summary>A sim-server's simulated GPUs through its control interface.</summary>
    Sim,
}
