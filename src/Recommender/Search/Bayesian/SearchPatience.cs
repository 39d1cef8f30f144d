using System.Globalization;
using MLEnergy.Recommender.Observations;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// When the auto strategy stops looking for a better configuration than its incumbent: its patience, spent by new
/// configurations measured since the first one close to the incumbent (<see cref="AutoOptions.Patience"/>,
/// <see cref="AutoOptions.PatienceStep"/>, <see cref="AutoOptions.HostTimePatience"/>).
/// </summary>
internal sealed class SearchPatience(AutoOptions options)
{
    private const string FirstTrials = "configurations' first trials";

    /// <summary>How many configurations' first trials the patience lasts.</summary>
    private int Patience(KnobGeometry geometry) =>
        options.Patience ?? (options.PatiencePerDimension * (geometry.Dimensions + 1));

    /// <summary>
    /// Why the patience ran out, or null while it lasts. In host time (<see cref="AutoOptions.HostTimePatience"/>): the
    /// host time of the first trial of each configuration measured after the first one within <see
    /// cref="AutoOptions.PatienceStep"/> of the incumbent, against <see cref="Patience"/> times the mean host time of
    /// the first trial of every configuration measured so far (what exploring one configuration costs on this host). A
    /// configuration ruled out by a trial decided early (a clear miss) spends less of it than one that needed the
    /// longest window; repeats (deciding candidates already found, confirming the incumbent) do not spend it; new
    /// configurations other workers are measuring spend it at the mean length (<see cref="InFlightNew"/>). Without
    /// host times, new configurations are counted.
    /// </summary>
    public string? RunOut(SearchState state, KnobGeometry geometry, SearchEvidence evidence, Evidence incumbent)
    {
        var close = CloseToIncumbent(state, evidence, incumbent);
        var firsts = state
            .Measurements.Select((o, i) => (Trial: o, Index: i))
            .GroupBy(t => t.Trial.Configuration)
            .Select(g => g.First())
            .ToList();
        if (!options.HostTimePatience || firsts.All(t => t.Trial.HostTime <= TimeSpan.Zero))
        {
            var since = TrialsSince(state, close);
            return since >= Patience(geometry)
                ? Text($"no better configuration in the last {CountText.Of(since, "new configuration")} ")
                    + Text($"(patience {Patience(geometry)})")
                : null;
        }

        var first = FirstClose(state, close);
        var spent = firsts
            .Where(t => t.Index > first && !close.Contains(t.Trial.Configuration))
            .Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Trial.HostTime);
        var meanFirst = TimeSpan.FromTicks((long)firsts.Average(t => t.Trial.HostTime.Ticks));
        var patience = meanFirst * Patience(geometry);
        spent += meanFirst * InFlightNew(state, close);
        return spent >= patience
            ? Text($"no better configuration in {Units.DurationText.Format(spent)} of host time since the incumbent ")
                + Text($"(patience {Units.DurationText.Format(patience)}, ")
                + Text($"{CountText.Of(Patience(geometry), "configuration's first trial", FirstTrials)})")
            : null;
    }

    /// <summary>New configurations other workers are measuring (believed; a study that stops on them holds its answer
    /// while they finish and opens again when one changes it, so the patience need not wait for them).</summary>
    private static int InFlightNew(SearchState state, HashSet<Knobs.Configuration> close) =>
        state
            .Observations.Skip(state.Observations.Count - state.Believed)
            .Select(o => o.Configuration)
            .Where(c => !close.Contains(c) && !state.Measurements.Any(o => o.Configuration.Equals(c)))
            .Distinct()
            .Count();

    private static int FirstClose(SearchState state, HashSet<Knobs.Configuration> close)
    {
        var first = 0;
        while (first < state.Observations.Count && !close.Contains(state.Observations[first].Configuration))
        {
            first++;
        }

        return first;
    }

    private HashSet<Knobs.Configuration> CloseToIncumbent(
        SearchState state,
        SearchEvidence evidence,
        Evidence incumbent
    ) =>
        evidence
            .Items.Where(e =>
                e.Energy <= incumbent.Energy * (1 + options.PatienceStep)
                && evidence.IsTrusted(e)
                && SloJudge.Meets(e.Merged, state.Slo)
                && (state.Throughput?.Keeps(e.Merged) ?? true)
            )
            .Select(e => e.Merged.Configuration)
            .ToHashSet();

    /// <summary>
    /// New configurations measured since the first one that meets the SLO within 0.5 % of the incumbent's energy:
    /// steps too small to matter on a finely cut knob do not reset the patience, and repeats of measured
    /// configurations (confirmations) do not spend it.
    /// </summary>
    private static int TrialsSince(SearchState state, HashSet<Knobs.Configuration> close)
    {
        var first = FirstClose(state, close);
        var before = state.Observations.Take(first + 1).Select(o => o.Configuration).ToHashSet();
        return state
            .Observations.Skip(first + 1)
            .Select(o => o.Configuration)
            .Distinct()
            .Count(c => !before.Contains(c));
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
