using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// A target opened for trials: the evaluator, and on a real host everything it touched (GPU settings, servers
/// launched, NVML, the journal). It is opened once per command after validation has passed, by the one caller that
/// disposes it (<c>await using</c>); disposing puts the host back as it was and closes what was opened.
/// </summary>
public interface IHostSession : IAsyncDisposable
{
    IEvaluator Evaluator { get; }

    /// <summary>Whether trials change something on this host; false for the simulated host and replays.</summary>
    bool ChangesHost { get; }

    /// <summary>Lines for the person from opening (such as settings restored after a killed run).</summary>
    ImmutableArray<string> Notices { get; }

    /// <summary>
    /// After disposal: lines for the person when host settings could not be put back (they stay journaled for
    /// <c>mlenergy restore</c>); empty when everything was.
    /// </summary>
    IReadOnlyList<string> LeftChanged => [];

    /// <summary>Keeps server logs in the run folder.</summary>
    void Attach(RunFolder folder);

    /// <summary>Every change trials of these configurations (in this order) would make, one line each.</summary>
    IReadOnlyList<string> DescribeChanges(IReadOnlyList<Configuration> configurations);

    /// <summary>
    /// Compares the two configurations' outputs on fixed probes; null where there is no server to ask.
    /// </summary>
    Task<OutputCheck?> VerifyOutputsAsync(
        Configuration baseline,
        Configuration recommended,
        CancellationToken cancellationToken
    );
}
