namespace MLEnergy.Runtime.Governor;

/// <summary>How the governor reaches the GPUs it sets.</summary>
public enum GpuControlKind
{
    /// <summary>The target's simulated GPUs when it is a sim-server (it answers <c>/control/gpus</c>), else NVML.</summary>
    Auto,

    /// <summary>This host's GPUs through NVML.</summary>
    Nvml,

    /// <summary>A sim-server's simulated GPUs through its control interface.</summary>
    Sim,
}
