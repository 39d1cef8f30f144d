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

    /// <summary>Elements of one sequence's SSM state in one layer (heads × head dim × state size).</summary>
    public long SsmStateElementsPerLayer => (long)InnerSize * StateSize;

    /// <summary>Elements of one sequence's convolution window in one layer (the last inputs of x, B and C).</summary>
    public long ConvStateElementsPerLayer => (InnerSize + (2L * Groups * StateSize)) * (ConvKernel - 1);

    /// <summary>Elements of one sequence's state in one layer (SSM state and convolution window).</summary>
    public long StateElementsPerLayer => SsmStateElementsPerLayer + ConvStateElementsPerLayer;

    /// <summary>
    /// Bytes of one sequence's state over all Mamba layers: the convolution window in the activation type and the SSM
    /// state in <paramref name="ssmBytesPerElement"/> (vLLM's <c>--mamba-ssm-cache-dtype</c>; its default keeps it in
    /// the activation type too).
    /// </summary>
    public long StateBytesPerSequence(int activationBytes, int ssmBytesPerElement) =>
        Layers * ((ConvStateElementsPerLayer * activationBytes) + (SsmStateElementsPerLayer * ssmBytesPerElement));
}
