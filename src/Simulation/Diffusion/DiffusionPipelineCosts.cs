namespace MLEnergy.Simulation.Diffusion;

/// <summary>
/// What a diffusion pipeline costs on one GPU kind beyond the transformer's FLOPs, fitted on the one image model
/// named in <see cref="FittedOn"/> (<c>diffusion-engine.json</c>).
/// </summary>
/// <param name="Gpu">The GPU kind (catalog id) these costs were fitted on.</param>
/// <param name="FittedOn">The one image model whose ML.ENERGY v3 rows on this GPU kind fitted the constants.</param>
/// <param name="TensorShare">
/// Share of a denoising step's modelled matmul and attention time the tensor cores are busy; the rest waits between
/// kernels at low activity (eager PyTorch, no CUDA graphs).
/// </param>
/// <param name="DecodeSecondsPerMegapixel">
/// Decode and post-processing time per million output pixels (VAE decoder at full resolution, conversion of the
/// frames), on one GPU of the group at low activity while the others wait for it.
/// </param>
/// <param name="CollectiveLatencySeconds">
/// Fixed time of one exchange between the sequence-parallel GPUs (an all-to-all of Ulysses, a ring pass), beyond its
/// bytes: launch, synchronisation and skew between the GPUs.
/// </param>
public sealed record DiffusionPipelineCosts(
    string Gpu,
    string FittedOn,
    double TensorShare,
    double DecodeSecondsPerMegapixel,
    double CollectiveLatencySeconds
)
{
    /// <summary>No costs beyond the FLOPs: the engine as it was before anything was fitted.</summary>
    public static DiffusionPipelineCosts None(string gpu) => new(gpu, "", 1, 0, 0);
}
