namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// Before the search stops on its expected improvement: a measured step down a knob that latency falls with (clock
/// cap, power limit) from the incumbent, all other knobs equal. The surrogates' linear trend, fitted on configurations
/// spread over the space, can hold the whole lower half of such a knob costlier (its slowest corner is: below the
/// memory-bound clock energy per token rises again) and predict the latency bound missed there, so that no expected
/// improvement is left on the incumbent's own line, where energy per token falls as the clock comes down until the
/// bound. The step goes below the lowest configuration of the line that met the SLO, as long as that one did not cost
/// clearly more than the incumbent (<see cref="AutoOptions.DescentErrors"/> standard errors of its energy), and above
/// the highest one below it that missed: where the latency crosses the bound by interpolation between the two (log
/// latency against log knob value), or, before any miss, at <see cref="AutoOptions.BisectPosition"/> among the open
/// levels. A line ends once a step comes back costlier, or no open level is left between. Only while the incumbent's
/// latencies have room for it (<see cref="AutoOptions.DescentRoomSpreads"/>): where a trial varies as much as the room
/// left, as tail latencies at light load do, a step toward the bound passes configurations that truly miss it.
/// </summary>
internal static class SlackDescent
{
    /// <summary>The next configuration down the incumbent's lines, or null when none is left to try.</summary>
    public static int? Next(KnobGeometry geometry, SearchEvidence evidence, CandidatePool pool, AutoOptions options)
    {
        if (
            !options.SlackDescent
            || evidence.Incumbent is not { Index: >= 0, Energy: > 0 } incumbent
            || evidence.Measured.Count > options.PolishLimitPerDimension * (geometry.Dimensions + 1)
            || !evidence.HasRoom(incumbent, options.DescentRoomSpreads)
        )
        {
            return null;
        }

        var measured = evidence.Items.Where(e => e.Index >= 0).ToDictionary(e => e.Index);
        for (var d = 0; d < geometry.Dimensions; d++)
        {
            if (geometry.Directions[d] < 0 && Step(geometry, evidence, pool, options, measured, d) is { } step)
            {
                return step;
            }
        }

        return null;
    }

    private static int? Step(
        KnobGeometry geometry,
        SearchEvidence evidence,
        CandidatePool pool,
        AutoOptions options,
        Dictionary<int, Evidence> measured,
        int d
    )
    {
        var incumbent = evidence.Incumbent!;
        var ranks = (int[])geometry.Ranks[incumbent.Index].Clone();
        var lowest = (Rank: ranks[d], Evidence: incumbent);
        (int Rank, double Ratio)? missed = null;
        var open = new List<int>();
        for (var r = ranks[d] - 1; r >= 0 && missed is null; r--)
        {
            ranks[d] = r;
            var i = geometry.At(ranks);
            if (!measured.TryGetValue(i, out var e))
            {
                if (pool.IsOpen(i))
                {
                    open.Add(i);
                }
            }
            else if (e.WorstRatio > 1 || e.Energy is null)
            {
                missed = (r, e.WorstRatio);
            }
            else
            {
                // Levels above the lowest one that met are not where the line goes down to.
                lowest = (r, e);
                open.Clear();
            }
        }

        var spared = options.DescentErrors * evidence.EnergyStandardError(lowest.Evidence);
        if (open.Count == 0 || Math.Log(lowest.Evidence.Energy!.Value / incumbent.Energy!.Value) > spared + 1e-12)
        {
            return null;
        }

        if (
            missed is { } miss
            && double.IsFinite(miss.Ratio)
            && lowest.Evidence.WorstRatio > 0
            && geometry.Value(d, lowest.Rank) is > 0 and var high
            && geometry.Value(d, miss.Rank) is > 0 and var low
        )
        {
            var met = lowest.Evidence.WorstRatio;
            var share = -Math.Log(met) / (Math.Log(miss.Ratio) - Math.Log(met));
            var crossing = Math.Log(high) + (share * (Math.Log(low) - Math.Log(high)));
            return open.MinBy(i => Math.Abs(Math.Log(geometry.Value(d, geometry.Ranks[i][d]) ?? 1) - crossing));
        }

        // open runs downwards; the position counts from the lowest level up, as for batch sizes.
        open.Reverse();
        return open[Math.Min(open.Count - 1, (int)Math.Floor((open.Count * options.BisectPosition) + 1e-9))];
    }
}
