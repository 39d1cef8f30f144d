namespace MLEnergy.Simulation.Models;

/// <summary>
/// Mamba-2 layers of a hybrid model (Nemotron-H): each sequence keeps a fixed-size state per layer
/// (heads × head dim × state size, plus the convolution's last inputs) instead of a KV cache that grows.
/// </summary>
public sealed record MambaMixer(int Layers, int Heads, int HeadDim, int StateSize, int Groups, int ConvKernel = 4)
{
    /// <summary>Width of the mixer's inner activations.</summary>
    public int InnerSize => Heads * HeadDim;

    /// <summary>Weights of one layer's input and output projections.</summary>
    public long ParametersPerLayer(int hiddenSize) =>
        ((long)hiddenSize * ((2L * InnerSize) + (2L * Groups * StateSize) + Heads)) + ((long)InnerSize * hiddenSize);

    /// <summary>Elements of one sequence's state in one layer (SSM state and convolution window).</summary>
    public long StateElementsPerLayer =>
        ((long)InnerSize * StateSize) + ((InnerSize + (2L * Groups * StateSize)) * (ConvKernel - 1));
}
