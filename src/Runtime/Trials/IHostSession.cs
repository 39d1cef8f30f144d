using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// An evaluator that acts on the host: it keeps server logs in the run folder, can say what it would change without
/// changing it (dry run), can check outputs, and puts the host back as it was when disposed.
/// </summary>
public interface IHostSession : IAsyncDisposable
{
    void Attach(RunFolder folder);

    /// <summary>Every change trials of these configurations (in this order) would make, one line each.</summary>
    IReadOnlyList<string> DescribeChanges(IReadOnlyList<Configuration> configurations);

    Task<OutputCheck> VerifyOutputsAsync(Configuration baseline, Configuration recommended, CancellationToken cancellationToken);
}
