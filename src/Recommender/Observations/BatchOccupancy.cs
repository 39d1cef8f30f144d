namespace MLEnergy.Recommender.Observations;

/// <summary>
/// The one definition of <see cref="Metrics.MetricNames.BatchOccupancy"/> (share, per trial): the mean running batch
/// over the largest batch the engine could hold, the tightest of its limits. One limit is max_num_seqs; the other is
/// the KV cache, which holds the running batch over the share of it they fill (long prompts or outputs, a small GPU:
/// a cache 98 % full with 40 sequences holds about 41 whatever max_num_seqs says). The occupancy is therefore the
/// larger of the running batch over max_num_seqs and the mean share of the KV cache held. Both are utilisations of a
/// resource a request holds while it is served, so by Little's law either near 1 is a queue near saturation
/// (<see cref="KeepUpRule.CapacityProblem"/>); read against max_num_seqs alone a cache-bound queue read low while its
/// requests waited.
/// </summary>
public static class BatchOccupancy
{
    /// <summary>
    /// The occupancy of a window whose running batch averaged <paramref name="meanRunning"/> sequences under a cap of
    /// <paramref name="maxRunning"/> and held <paramref name="kvShare"/> of the KV cache on average (null where the
    /// engine does not say); null without a cap.
    /// </summary>
    public static double? Of(double meanRunning, double? maxRunning, double? kvShare) =>
        maxRunning is > 0 ? Math.Max(meanRunning / maxRunning.Value, kvShare ?? 0) : kvShare;
}
