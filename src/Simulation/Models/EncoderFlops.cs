namespace MLEnergy.Simulation.Models;

/// <summary>
/// A vision encoder's FLOPs for one image or video, split by the kernels that do them, which run at different rates:
/// its matmuls (projections, MLP, patch embedding) and its attention (the query-key pairs within each image, tile or
/// frame group, run by the same flash-attention kernels as a prompt's attention).
/// </summary>
public readonly record struct EncoderFlops(double Matmul, double Attention)
{
    /// <summary>Both together.</summary>
    public double Total => Matmul + Attention;

    /// <summary>The two of several items encoded in one pass.</summary>
    public static EncoderFlops operator +(EncoderFlops a, EncoderFlops b) =>
        new(a.Matmul + b.Matmul, a.Attention + b.Attention);

    /// <summary><paramref name="count"/> spans of the same work.</summary>
    public static EncoderFlops operator *(int count, EncoderFlops flops) =>
        new(count * flops.Matmul, count * flops.Attention);
}
