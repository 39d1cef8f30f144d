namespace MLEnergy.Simulation.Models;

/// <summary>
/// Mamba-2 layers of a hybrid model (Nemotron-H): each sequence keeps a fixed-size state per layer
/// (heads × head dim × state size, plus the convolution's last inputs) instead of a KV cache that grows.
/// <paramref name="ChunkSize"/>: the chunk length of the SSD scan that processes a prompt (the config's
/// <c>chunk_size</c>; mamba_ssm's default 256, Nemotron-H's config 128).
/// </summary>
public sealed record MambaMixer(
    int Layers,
    int Heads,
    int HeadDim,
    int StateSize,
    int Groups,
    int ConvKernel = 4,
    int ChunkSize = 256
)
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

    /// <summary>
    /// FLOPs of one prompt token in one layer's SSD chunked scan (the Mamba-2 paper's SSD algorithm, Dao and Gu,
    /// arXiv 2405.21060, section 6, as vLLM 0.11's Triton kernels run it): C·Bᵀ within its chunk (bmm_chunk:
    /// 2 × groups × chunk × state), the chunk's masked mixing of its inputs (chunk_scan's diagonal block:
    /// 2 × heads × head dim × chunk), its contribution to the chunk's state (chunk_state:
    /// 2 × heads × head dim × state) and its output from the state passed in (chunk_scan's off-diagonal term: the
    /// same again). The cumulative sums and the pass between chunks (per chunk, not per token) and the depthwise
    /// convolution are left out: each is about 1 % of these or less.
    /// </summary>
    public double ScanFlopsPerToken =>
        2.0 * (((double)Groups * ChunkSize * StateSize) + ((double)InnerSize * (ChunkSize + (2.0 * StateSize))));
}
