using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// A serving host opened for trials: the evaluator (which restores GPU settings and stops its servers when disposed),
/// then whatever was opened for it (NVML, the HTTP client), closed last.
/// </summary>
public sealed class ServingSession(
    ServingEvaluator evaluator,
    ImmutableArray<string> notices,
    IReadOnlyList<IDisposable> opened
) : IHostSession
{
    public IEvaluator Evaluator => evaluator;

    public bool ChangesHost => true;

    public ImmutableArray<string> Notices { get; } = notices;

    public IReadOnlyList<string> LeftChanged => evaluator.LeftChanged;

    public void Attach(RunFolder folder)
    {
        evaluator.Attach(folder);
        foreach (var locks in opened.OfType<HostLocks>())
        {
            locks.Describe($"optimize run {Path.GetFileName(folder.Path)} (run folder {folder.Path})");
        }
    }

    public IReadOnlyList<string> DescribeChanges(IReadOnlyList<Configuration> configurations) =>
        evaluator.DescribeChanges(configurations);

    public async Task<OutputCheck?> VerifyOutputsAsync(
        Configuration baseline,
        Configuration recommended,
        CancellationToken cancellationToken
    ) => await evaluator.VerifyOutputsAsync(baseline, recommended, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await evaluator.DisposeAsync();
        }
        finally
        {
            foreach (var resource in opened.Reverse())
            {
                resource.Dispose();
            }
        }
    }
}
