using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// Constrained Bayesian optimisation: Gaussian-process surrogates for log energy and log latency, proposals
/// ranked by expected energy improvement times the probability of meeting every SLO constraint, per unit of
/// cost (a server restart costs more than a clock change). Configurations sure to miss the SLO by
/// monotonicity are pruned; new configurations are screened with short trials and promising ones confirmed
/// with full trials; the best are measured again before the run stops. Same seed, same trials.
/// </summary>
public sealed class AutoStrategy(int seed, AutoOptions? options = null) : ISearchStrategy
{
    private readonly AutoOptions _options = options ?? AutoOptions.Default;
    private KnobGeometry? _geometry;

    public string Name => "auto";

    public int? Seed => seed;

    public StrategyDecision Next(SearchState state)
    {
        var known = new KnownInfeasible(state.Space, state.Measurements);
        var decision = Decide(state, known);
        return decision.StopReason is { } reason && known.Skipped(state.Candidates) is { Count: > 0 } skipped
            ? decision with
            {
                StopReason =
                    reason
                    + $"; {CountText.Of(skipped.Count, "configuration")} skipped as unable to run: {skipped.Why}",
            }
            : decision;
    }

    private StrategyDecision Decide(SearchState state, KnownInfeasible known)
    {
        if (state.Candidates.Count == 0)
        {
            return StrategyDecision.Stop("the space has no configuration");
        }

        var geometry =
            _geometry is { } g && ReferenceEquals(g.Candidates, state.Candidates)
                ? g
                : _geometry = new KnobGeometry(state.Space, state.Candidates);
        // Cap twins of a measured configuration are that configuration: their trials pool, and one not
        // measured yet is not proposed.
        var twins = CapTwins.Of(state.Space, state.Measurements);
        var deterministic = SearchEvidence.IsDeterministic(state);
        var skipped = known.IsEmpty
            ? []
            : Enumerable.Range(0, geometry.Candidates.Count).Where(i => known.Covers(geometry.Candidates[i])).ToList();
        state = twins.Pool(state);
        var evidence = new SearchEvidence(state, geometry, twins, deterministic, skipped);
        var random = new System.Random(unchecked((seed * 1_000_003) + state.Observations.Count));

        if (Confirmations.ScreeningToConfirm(evidence, _options) is { } screened)
        {
            return StrategyDecision.Measure(screened.Merged.Configuration, TrialFidelity.Full);
        }

        if (Confirmations.Undecided(evidence, _options) is { } undecided)
        {
            return StrategyDecision.Measure(undecided.Merged.Configuration, TrialFidelity.Full);
        }

        if (IsLastTrial(state) && Confirmations.ToRemeasure(evidence, _options) is { } last)
        {
            return StrategyDecision.Measure(last.Merged.Configuration, TrialFidelity.Full);
        }

        if (_options.PruneSmallerBatches && geometry.Batches.Any(b => b) && FirstMeasurement(state) is { } first)
        {
            // One repeat of the first trial that measured something tells exact measurements (replayed tables) from
            // noisy ones; a configuration that could not run says nothing of the noise and is not run again.
            return StrategyDecision.Measure(first, TrialFidelity.Full);
        }

        var fidelity = _options.Screening && !evidence.Deterministic ? TrialFidelity.Screening : TrialFidelity.Full;
        var initial = InitialDesign.Size(geometry, _options);
        if (evidence.Measured.Count < initial && evidence.Covered.Count < geometry.Candidates.Count)
        {
            var sure = new MonotoneBounds(geometry, evidence, _options);
            return Propose(geometry, InitialDesign.Next(geometry, evidence, sure, random), fidelity);
        }

        return Optimise(state, geometry, evidence, random, fidelity, initial);
    }

    /// <summary>
    /// The configuration of the search's first feasible, valid trial, when that trial is the latest one and the only
    /// such trial so far: the one to repeat once.
    /// </summary>
    private static Configuration? FirstMeasurement(SearchState state)
    {
        var measured = state.Observations.Where(o => o.Feasible).Take(2).ToList();
        return measured.Count == 1 && ReferenceEquals(measured[0], state.Observations[^1])
            ? measured[0].Configuration
            : null;
    }

    private StrategyDecision Optimise(
        SearchState state,
        KnobGeometry geometry,
        SearchEvidence evidence,
        System.Random random,
        TrialFidelity fidelity,
        int initial
    )
    {
        var bounds = new MonotoneBounds(geometry, evidence, _options);
        var pool = new CandidatePool(geometry, evidence, bounds, _options.PoolSize);
        var open = pool.Sample(random);
        var surrogates = Surrogates.Fit(geometry, evidence, state.Slo, state.Throughput);
        if (open.Count == 0 || surrogates is null)
        {
            return Finish(
                evidence,
                open.Count == 0
                    ? Text($"every configuration that could meet the SLO was measured ({pool.Pruned} pruned by ")
                        + Text($"monotonicity) after {CountText.Of(state.Observations.Count, "trial")}")
                    : "no trial produced the SLO's metrics"
            );
        }

        var incumbent = evidence.Incumbent?.Energy is { } e ? Math.Log(e) : (double?)null;
        var current = state.Current is null ? -1 : geometry.IndexOf(state.Current);
        var scores = new Dictionary<int, Score>();
        foreach (var i in open)
        {
            scores[i] = surrogates.Evaluate(geometry.Features[i], incumbent, bounds.SurelyMeets(i));
        }

        var leaders = scores
            .OrderByDescending(s => Value(s.Value, incumbent))
            .Take(_options.RefineLeaders)
            .Select(s => s.Key)
            .ToList();
        foreach (
            var n in leaders.SelectMany(pool.Neighbours).Where(n => pool.IsOpen(n) && !scores.ContainsKey(n)).ToList()
        )
        {
            scores[n] = surrogates.Evaluate(geometry.Features[n], incumbent, bounds.SurelyMeets(n));
        }

        var best = scores.MaxBy(s => Value(s.Value, incumbent) / Cost(geometry, current, s.Key));
        var enough = evidence.Measured.Count >= MinimumConfigurations(geometry, initial);
        if (incumbent is not null && enough && scores.Values.Max(s => s.Constrained) < _options.MinExpectedImprovement)
        {
            if (
                evidence.Deterministic
                && _options.PruneSmallerBatches
                && evidence.Incumbent is { Index: >= 0 } top
                && Bisect(geometry, evidence, pool, top.Index, _options.BisectPosition) is var larger
                && larger != top.Index
            )
            {
                return Propose(geometry, larger, fidelity);
            }

            if (SlackDescent.Next(geometry, evidence, pool, _options) is { } lower)
            {
                return Propose(geometry, lower, fidelity);
            }

            if (Polish(geometry, evidence, pool, scores, bounds, surrogates, incumbent.Value) is { } step)
            {
                return Propose(geometry, step, fidelity);
            }

            return Finish(
                evidence,
                Text($"the expected energy improvement fell below {_options.MinExpectedImprovement:P1} after ")
                    + CountText.Of(state.Observations.Count, "trial")
            );
        }

        if (
            evidence.Incumbent is { } held
            && enough
            && new SearchPatience(_options).RunOut(state, geometry, evidence, held) is { } waited
        )
        {
            return Finish(evidence, waited + $" after {CountText.Of(state.Observations.Count, "trial")}");
        }

        if (incumbent is null && enough && scores.Values.Max(s => s.Feasibility) < _options.HopelessFeasibility)
        {
            return Finish(
                evidence,
                Text($"no unmeasured configuration is likely to meet the SLO (best chance ")
                    + Text($"{scores.Values.Max(s => s.Feasibility):P1}) after ")
                    + CountText.Of(state.Observations.Count, "trial")
            );
        }

        return Propose(
            geometry,
            evidence.Deterministic && _options.PruneSmallerBatches
                ? Bisect(geometry, evidence, pool, best.Key, _options.BisectPosition)
                : best.Key,
            fidelity
        );
    }

    /// <summary>
    /// With exact measurements, the open batch sizes of the chosen configuration's layout (all other knobs
    /// equal) lie between the largest that met the SLO and the smallest that missed it. Once both ends were
    /// measured, the next is where the latency crosses the bound by interpolation between them (log latency
    /// against log batch size, as latency grows about as a power of the batch); before that, at
    /// <paramref name="position"/> among the open ones.
    /// </summary>
    private static int Bisect(
        KnobGeometry geometry,
        SearchEvidence evidence,
        CandidatePool pool,
        int chosen,
        double position
    )
    {
        var d = Array.IndexOf(geometry.Batches, true);
        if (d < 0)
        {
            return chosen;
        }

        var ranks = (int[])geometry.Ranks[chosen].Clone();
        var open = new List<int>();
        var measured = new List<(int Rank, double Ratio)>();
        for (var r = 0; r < geometry.Levels[d]; r++)
        {
            ranks[d] = r;
            var i = geometry.At(ranks);
            if (pool.IsOpen(i))
            {
                open.Add(i);
            }
            else if (i >= 0 && evidence.Items.FirstOrDefault(e => e.Index == i) is { Merged.Feasible: true } e)
            {
                measured.Add((r, e.WorstRatio));
            }
        }

        if (open.Count == 0)
        {
            return chosen;
        }

        var below = measured.Where(m => m.Ratio <= 1).Select(m => ((int Rank, double Ratio)?)m).LastOrDefault();
        var above = measured.Where(m => m.Ratio > 1).Select(m => ((int Rank, double Ratio)?)m).FirstOrDefault();
        if (
            below is { } met
            && above is { } missed
            && met.Rank < missed.Rank
            && geometry.Value(d, met.Rank) is > 0 and var low
            && geometry.Value(d, missed.Rank) is > 0 and var high
            && met.Ratio > 0
            && double.IsFinite(missed.Ratio)
        )
        {
            var share = -Math.Log(met.Ratio) / (Math.Log(missed.Ratio) - Math.Log(met.Ratio));
            var crossing = Math.Log(low) + (share * (Math.Log(high) - Math.Log(low)));
            return open.MinBy(i => Math.Abs(Math.Log(geometry.Value(d, geometry.Ranks[i][d]) ?? 1) - crossing));
        }

        return open[Math.Min(open.Count - 1, (int)Math.Floor((open.Count * position) + 1e-9))];
    }

    /// <summary>
    /// Before stopping, a compass step around the incumbent: the unmeasured neighbours along one knob that are
    /// likely to meet the SLO and not predicted to use more energy, best predicted energy first.
    /// </summary>
    private int? Polish(
        KnobGeometry geometry,
        SearchEvidence evidence,
        CandidatePool pool,
        Dictionary<int, Score> scores,
        MonotoneBounds bounds,
        Surrogates surrogates,
        double incumbent
    )
    {
        if (
            evidence.Incumbent is not { Index: >= 0 } best
            || evidence.Measured.Count > _options.PolishLimitPerDimension * (geometry.Dimensions + 1)
        )
        {
            return null;
        }

        var steps = pool.Neighbours(best.Index)
            .Where(pool.IsOpen)
            .Distinct()
            .Select(n =>
                (
                    Index: n,
                    Score: scores.TryGetValue(n, out var s)
                        ? s
                        : surrogates.Evaluate(geometry.Features[n], incumbent, bounds.SurelyMeets(n))
                )
            )
            .Where(p =>
                p.Score.Feasibility >= _options.PolishMinFeasibility
                && p.Score.LogEnergy < incumbent + _options.PolishLogEnergyTolerance
            )
            .OrderBy(p => p.Score.LogEnergy)
            .ToList();
        return steps.Count == 0 ? null : steps[0].Index;
    }

    private StrategyDecision Finish(SearchEvidence evidence, string reason) =>
        Confirmations.ToRemeasure(evidence, _options) is { } again
            ? StrategyDecision.Measure(again.Merged.Configuration, TrialFidelity.Full)
            : StrategyDecision.Stop(reason);

    private static StrategyDecision Propose(KnobGeometry geometry, int index, TrialFidelity fidelity) =>
        StrategyDecision.Measure(geometry.Candidates[index], fidelity);

    private double Value(Score score, double? incumbent) =>
        incumbent is null ? score.Feasibility - (_options.FeasibilityTieBreak * score.LogEnergy) : score.Constrained;

    private double Cost(KnobGeometry geometry, int current, int index) =>
        current >= 0 && geometry.NeedsRestart(current, index) ? 1 + _options.RestartCost : 1;

    /// <summary>Configurations to measure before the surrogates may declare the search done.</summary>
    private int MinimumConfigurations(KnobGeometry geometry, int initial) =>
        Math.Max(
            initial + 1,
            Math.Min(
                _options.MinConfigurationsPerDimension * (geometry.Dimensions + 1),
                geometry.Candidates.Count / _options.MinConfigurationsDivisor
            )
        );

    private static bool IsLastTrial(SearchState state) => state.TrialsLeft <= 1;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
