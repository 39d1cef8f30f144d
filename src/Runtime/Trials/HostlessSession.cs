using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// The session of a target without a host (the simulated host, a replay): nothing to change or put back.
/// </summary>
public sealed class HostlessSession(IEvaluator evaluator) : IHostSession
{
    public IEvaluator Evaluator { get; } = evaluator;

    public bool ChangesHost => false;

    public ImmutableArray<string> Notices => [];

    public void Attach(RunFolder folder) { }

    public IReadOnlyList<string> DescribeChanges(IReadOnlyList<Configuration> configurations) => [];

    public Task<OutputCheck?> VerifyOutputsAsync(
        Configuration baseline,
        Configuration recommended,
        CancellationToken cancellationToken
    ) => Task.FromResult<OutputCheck?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
