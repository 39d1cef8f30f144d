using System.Globalization;

namespace MLEnergy.Recommender.Observations;

/// <summary>
/// The structured cause of an infeasible trial: its kind and, where the target knows it, how many GPUs one replica had
/// when it was found. Stored as its <see cref="Code"/> (<c>weights_do_not_fit@1</c>).
/// </summary>
public sealed record Infeasibility(InfeasibleCause Cause, int? GpusPerReplica = null)
{
    private static readonly (InfeasibleCause Cause, string Name)[] Names =
    [
        (InfeasibleCause.Other, "other"),
        (InfeasibleCause.InvalidKnobs, "invalid_knobs"),
        (InfeasibleCause.WeightsDoNotFit, "weights_do_not_fit"),
        (InfeasibleCause.KvCacheTooSmall, "kv_cache_too_small"),
        (InfeasibleCause.OutOfMemory, "out_of_memory"),
        (InfeasibleCause.ServerFailed, "server_failed"),
    ];

    /// <summary>What an infeasible trial without a known cause has.</summary>
    public static Infeasibility Unknown { get; } = new(InfeasibleCause.Other);

    /// <summary>The stored text: the cause's name, then <c>@</c> and the GPUs per replica where known.</summary>
    public string Code =>
        Names.First(n => n.Cause == Cause).Name
        + (GpusPerReplica is { } gpus ? "@" + gpus.ToString(CultureInfo.InvariantCulture) : string.Empty);

    /// <summary>What to store for an infeasible trial's cause: its <see cref="Code"/>, or null when the cause is not
    /// known (which reads back as <see cref="Unknown"/>), so that a trial read back writes the same.</summary>
    public static string? Stored(Observation observation) =>
        observation.Feasible || observation.Infeasibility is not { } cause || cause == Unknown ? null : cause.Code;

    /// <summary>
    /// The cause kept for a trial invalid only because its window ended short of the samples a verdict needs
    /// (<see cref="Observation.ShortOfSamples"/>): such trials count as measurements whose repeats pool into a verdict,
    /// so a run read back (resumed from the history store, a study's other worker, <c>mlenergy report</c> from
    /// result.json) must read them as such to reach the same verdicts and frontier. Read by <see cref="Parse"/> as an
    /// unknown cause.
    /// </summary>
    public const string ShortOfSamples = "short_of_samples";

    /// <summary>
    /// The one cause kept for a trial, in the history store and result.json alike: <see cref="ShortOfSamples"/> for a
    /// trial short only of samples, else <see cref="Stored"/>.
    /// </summary>
    public static string? Kept(Observation observation) =>
        observation.ShortOfSamples ? ShortOfSamples : Stored(observation);

    /// <summary>Reads a <see cref="Code"/>; null, empty or unknown text (an older row) reads as <see cref="Unknown"/>.
    /// </summary>
    public static Infeasibility Parse(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return Unknown;
        }

        var at = code.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? code : code[..at];
        int? gpus =
            at >= 0 && int.TryParse(code[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : null;
        return Names.Where(p => p.Name == name).Select(p => new Infeasibility(p.Cause, gpus)).FirstOrDefault()
            ?? Unknown;
    }
}
