using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// Latency is monotone in batch size and in the clock cap and power limit, so a configuration at least as
/// slow as one that clearly missed the SLO (same other knobs) is sure to miss, and one at least as fast as
/// one that clearly met it is sure to meet. What a server can serve is monotone in the same caps the other way
/// round: a lower batch cap, clock cap or power limit never serves more, so a configuration with none of them higher
/// than one whose full trials, merged, could not carry its load (<see cref="SearchEvidence.FellBehind"/>; same other
/// knobs) cannot carry it either. One trial of several behind on its own backlog is not enough: the configuration
/// itself is judged on them all, and so are its neighbours. The same monotonicity says that one with no cap lower than
/// a configuration whose full trials, merged, carried the load carries it too, and that measurement is not overruled:
/// a verdict of falling behind rules out only what serves at least as much as no such configuration. Without that, one
/// short trial at the highest caps that could not show spare slots (83 % occupied, up to 103 % within the noise of its
/// 96 completions, <see cref="KeepUpRule.CapacityProblem"/>) ruled out every clock and power limit of its layout and
/// batch cap, though their slowest corner had carried the load over 692 completions (the search-efficiency harness's
/// Llama-3.1-70B p90 TPOT seed 3 stopped 3.96 % above the optimum without measuring the configuration at +1.37 % that
/// lay between them). Sure misses are pruned without being measured.
/// </summary>
internal sealed class MonotoneBounds
{
    private readonly KnobGeometry _geometry;
    private readonly List<int[]> _misses = [];
    private readonly List<int[]> _meets = [];
    private readonly List<int[]> _outbatched = [];
    private readonly List<int[]> _behind = [];
    private readonly List<int[]> _carried = [];

    public MonotoneBounds(KnobGeometry geometry, SearchEvidence evidence, AutoOptions options)
    {
        _geometry = geometry;
        if (!geometry.Directions.Any(d => d != 0))
        {
            return;
        }

        foreach (var e in evidence.Items.Where(e => e.Index >= 0 && SearchEvidence.FellBehind(e)))
        {
            _behind.Add(geometry.Ranks[e.Index]);
        }

        foreach (var e in evidence.Items.Where(e => e.Index >= 0 && Carried(e)))
        {
            _carried.Add(geometry.Ranks[e.Index]);
        }

        foreach (var e in evidence.Items.Where(e => e.Index >= 0 && e.Merged.Feasible))
        {
            var margin =
                evidence.Deterministic ? 0
                : evidence.IsTrusted(e) ? options.SureMissMargin
                : options.ScreeningMargin;
            if (options.PruneSmallerBatches && evidence.Deterministic && e.WorstRatio <= 1)
            {
                _outbatched.Add(geometry.Ranks[e.Index]);
            }

            if (e.WorstRatio > 1 + margin)
            {
                _misses.Add(geometry.Ranks[e.Index]);
            }
            else if (e.WorstRatio < 1 - margin)
            {
                _meets.Add(geometry.Ranks[e.Index]);
            }
        }
    }

    /// <summary>
    /// Whether the configuration is at least as slow as a clear miss, or serves no more than one that fell behind its
    /// load and at least as much as none that carried it.
    /// </summary>
    public bool SurelyMisses(int index) =>
        _misses.Any(m => AtLeastAsSlow(_geometry.Ranks[index], m))
        || (
            _behind.Any(m => ServesNoMore(_geometry.Ranks[index], m))
            && !_carried.Any(m => ServesNoMore(m, _geometry.Ranks[index]))
        );

    /// <summary>Whether the configuration's full trials, merged, carried its load (it ran and kept up).</summary>
    private static bool Carried(Evidence evidence) =>
        evidence.Merged.Feasible && evidence.FullTrials > 0 && evidence.Merged.Fidelity == TrialFidelity.Full;

    /// <summary>
    /// Whether a measured configuration that meets the SLO differs from this one only by a larger batch size:
    /// with exact (repeatable) measurements the larger batch meets the SLO at less energy per token.
    /// </summary>
    public bool OutBatched(int index) => _outbatched.Any(m => SmallerBatchOnly(_geometry.Ranks[index], m));

    public bool SurelyMeets(int index) => _meets.Any(m => AtLeastAsSlow(m, _geometry.Ranks[index]));

    private bool SmallerBatchOnly(int[] a, int[] b)
    {
        var smaller = false;
        for (var d = 0; d < a.Length; d++)
        {
            if (_geometry.Batches[d] ? a[d] > b[d] : a[d] != b[d])
            {
                return false;
            }

            smaller |= a[d] < b[d];
        }

        return smaller;
    }

    /// <summary>
    /// Whether configuration <paramref name="a"/> has no cap above <paramref name="b"/>'s (batch size, clock cap, power
    /// limit) and every other knob as <paramref name="b"/> has it.
    /// </summary>
    private bool ServesNoMore(int[] a, int[] b)
    {
        var directions = _geometry.Directions;
        for (var d = 0; d < a.Length; d++)
        {
            var ok = directions[d] != 0 ? a[d] <= b[d] : a[d] == b[d];
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether configuration <paramref name="a"/> is no faster than <paramref name="b"/> on every knob.
    /// </summary>
    private bool AtLeastAsSlow(int[] a, int[] b)
    {
        var directions = _geometry.Directions;
        for (var d = 0; d < a.Length; d++)
        {
            var ok = directions[d] switch
            {
                1 => a[d] >= b[d],
                -1 => a[d] <= b[d],
                _ => a[d] == b[d],
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
