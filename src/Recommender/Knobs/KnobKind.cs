namespace MLEnergy.Recommender.Knobs;

/// <summary>What a knob acts on; decides its actuator, its cost and whether it can change model output.</summary>
public enum KnobKind
{
    GpuSmClockCap,
    GpuPowerLimit,
    ServerBatchSize,
    TensorParallel,
    Replicas,
    ServerArgument,
    Hardware,
}
