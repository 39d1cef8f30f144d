using System.Collections.Immutable;
using MLEnergy.Runtime.Trials.Validity;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// How a trial on a serving host runs: warm up, then measure a steady-state window (ramp-up and drain excluded),
/// extended while an SLO is still undecided, and repeated for a confidence interval of the energy.
/// </summary>
public sealed record TrialSettings
{
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The steady-state window of a full trial; screening trials measure half of it.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a window may be extended to while an SLO is undecided.</summary>
    public TimeSpan MaxWindow { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How long requests still in flight after the window get to finish before they are cut off.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Windows measured per configuration; more than one gives a confidence interval of its energy.</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>Confidence of the early-stopping SLO verdicts (MLPerf LoadGen uses 99 %).</summary>
    public double Confidence { get; init; } = 0.99;

    /// <summary>
    /// How many times a trial's SLO verdict may be looked at: after the window, after each doubling of it up to
    /// <see cref="MaxWindow"/> (counted for a screening trial's half window, which looks most), and once more when the
    /// observation is built. The verdict's confidence is shared among them.
    /// </summary>
    public int PlannedLooks
    {
        get
        {
            var looks = 1;
            for (var window = Window / 2; window > TimeSpan.Zero && window < MaxWindow; window *= 2)
            {
                looks++;
            }

            return looks + 1;
        }
    }

    /// <summary>
    /// The validity gates' thresholds; <c>trial.min_window</c> sets the shortest window (10 s by default).
    /// </summary>
    public ValidityThresholds Validity { get; init; } = ValidityThresholds.Default;

    /// <summary>The share of failed requests above which a configuration is infeasible.</summary>
    public double MaxErrorRate { get; init; } = 0.05;

    /// <summary>GPUs whose knobs are set and whose energy is metered (NVML indices); all when empty.</summary>
    public ImmutableArray<int> Gpus { get; init; } = [];

    /// <summary>A JSONL prompt file; synthetic prompts when null.</summary>
    public string? PromptFile { get; init; }

    public (int Min, int Max) InputTokens { get; init; } = (128, 512);

    public (int Min, int Max) OutputTokens { get; init; } = (64, 256);
}
