namespace MLEnergy.Simulation.Hardware;

/// <summary>How a model's linear-layer weights are stored: bf16, FP8 (e4m3 with block scales) or MXFP4.</summary>
public enum WeightPrecision
{
    Bf16,
    Fp8,
    Mxfp4,
}
