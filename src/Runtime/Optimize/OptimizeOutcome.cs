using MLEnergy.Recommender.Results;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Optimize;

/// <summary>A finished optimize run: its result and the folder it was written to.</summary>
public sealed record OptimizeOutcome(TuningResult Result, RunFolder Folder, bool IsSimulated)
{
    /// <summary>The output check, when <c>--verify-outputs</c> asked for one and there was a recommendation.</summary>
    public OutputCheck? OutputCheck { get; init; }

    /// <summary>The run's id in the history store.</summary>
    public string RunId { get; init; } = string.Empty;

    /// <summary>How many trials an interrupted run had finished when this one resumed it; null for a new run.</summary>
    public int? ResumedTrials { get; init; }
}
