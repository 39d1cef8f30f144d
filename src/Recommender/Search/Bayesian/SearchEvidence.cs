using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// What the trials so far say: one <see cref="Evidence"/> per configuration, whether repeated trials came
/// back identical (a deterministic target, so there is no noise to confirm against), and the incumbent:
/// the least-energy configuration whose SLO pass is trusted.
/// </summary>
internal sealed class SearchEvidence
{
    /// <param name="state">The trials, twins pooled (<see cref="CapTwins.Pool(SearchState)"/>).</param>
    /// <param name="geometry">Where each candidate sits.</param>
    /// <param name="twins">The twins of measured configurations, which are not open to be measured.</param>
    /// <param name="deterministic">Whether the trials before pooling came back identical on a repeat; twins run
    /// with the same seed come back identical on a simulated host, which says nothing about its noise.</param>
    /// <param name="known">Candidates (by index) a trial of another one proved unable to run
    /// (<see cref="KnownInfeasible"/>): not open to be measured.</param>
    public SearchEvidence(
        SearchState state,
        KnobGeometry geometry,
        CapTwins? twins = null,
        bool? deterministic = null,
        IReadOnlyCollection<int>? known = null
    )
    {
        var energyMetric = state.ObjectiveMetric;
        var counts = state
            .Observations.GroupBy(o => o.Configuration)
            .ToDictionary(
                g => g.Key,
                g =>
                    (
                        Full: g.Count(o => o.Fidelity == TrialFidelity.Full),
                        Screening: g.Count(o => o.Fidelity == TrialFidelity.Screening)
                    )
            );
        Items =
        [
            .. RepeatedTrials
                .Merge(state.Observations, state.Slo)
                .Select(merged => new Evidence(
                    merged,
                    geometry.IndexOf(merged.Configuration),
                    counts[merged.Configuration].Full,
                    counts[merged.Configuration].Screening,
                    merged.Feasible ? merged.Metric(energyMetric) : null,
                    SloJudge.WorstRatio(merged, state.Slo)
                )),
        ];
        Deterministic = deterministic ?? IsDeterministic(state);
        Measured = [.. Items.Where(e => e.Index >= 0).Select(e => e.Index)];
        Covered =
        [
            .. Measured,
            .. (twins ?? CapTwins.None).Members.Select(geometry.IndexOf).Where(i => i >= 0),
            .. known ?? [],
        ];
        Known = [.. known ?? []];
        Twins = Items
            .Where(e => e.Index >= 0)
            .ToDictionary(
                e => e.Index,
                e =>
                    (IReadOnlyList<int>)
                        [
                            .. (twins ?? CapTwins.None)
                                .TwinsOf(e.Merged.Configuration)
                                .Select(geometry.IndexOf)
                                .Where(i => i >= 0),
                        ]
            );
        Incumbent = Items
            .Where(e =>
                e.Energy is not null
                && IsTrusted(e)
                && SloJudge.Meets(e.Merged, state.Slo)
                && (state.Throughput?.Keeps(e.Merged) ?? true)
            )
            .OrderBy(e => e.Energy)
            .FirstOrDefault();
        _slo = state.Slo;
        _repeats = state
            .Measurements.Where(o => o.Fidelity == TrialFidelity.Full)
            .GroupBy(o => o.Configuration)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Observation>)[.. g]);
        _repetitions = Repetitions(state.Observations);
        _energyMetric = energyMetric;
        _energySpread = (ConfidentVerdicts.PooledLogSpread(state.Measurements, energyMetric, out var ef), ef);
        _spreads = state.Slo.Constraints.ToDictionary(
            c => c.MetricName,
            c => (Spread: ConfidentVerdicts.PooledLogSpread(state.Measurements, c.MetricName, out var f), Freedom: f)
        );
    }

    private readonly Slo.ServiceLevelObjective _slo;
    private readonly string _energyMetric;
    private readonly (double Spread, int Freedom) _energySpread;
    private readonly Dictionary<string, (double Spread, int Freedom)> _spreads;
    private readonly Dictionary<Knobs.Configuration, IReadOnlyList<Observation>> _repeats;
    private readonly Dictionary<Observation, int> _repetitions;

    /// <summary>
    /// The chance that the configuration's undecided constraints pass their sequential test
    /// (<see cref="ConfidentVerdicts.PassQuantile"/>) once it has <paramref name="trials"/> full trials: the
    /// mean those trials would reach is predicted from the mean and the spread seen so far (its variance shrinks from
    /// spread²/n to spread²/trials; the spread is the one the verdict uses, <see cref="ConfidentVerdicts.Spread"/>),
    /// and it must land under the bound by the test's margin at that count; a percentile constraint judged on its
    /// shares over the bound, by the same prediction of its mean share (<see cref="PercentileShares.PassChance"/>).
    /// One when no spread is known yet or every constraint is decided.
    /// </summary>
    public double PassChance(Evidence evidence, int trials)
    {
        var chance = 1.0;
        var n = Math.Max(1, evidence.FullTrials);
        foreach (var constraint in _slo.Constraints)
        {
            var repeats = _repeats.GetValueOrDefault(evidence.Merged.Configuration) ?? [];
            if (
                evidence.Merged.Verdicts.GetValueOrDefault(constraint.MetricName) == SloVerdict.Undecided
                && PercentileShares.PassChance(repeats, constraint, trials, _slo.Confidence) is { } byShare
            )
            {
                chance *= byShare;
                continue;
            }

            if (
                evidence.Merged.Verdicts.GetValueOrDefault(constraint.MetricName) != SloVerdict.Undecided
                || evidence.Merged.Metric(constraint.MetricName) is not { } value
                || value <= 0
                || ConfidentVerdicts.Spread(
                    _repeats.GetValueOrDefault(evidence.Merged.Configuration) ?? [],
                    constraint.MetricName,
                    _spreads[constraint.MetricName]
                )
                    is not { Spread: > 0 } noise
            )
            {
                continue;
            }

            if (trials <= n)
            {
                return 0;
            }

            // From five trials the verdict uses the configuration's own spread, on one degree of freedom fewer than
            // its trials.
            var freedom = trials >= ConfidentVerdicts.PosteriorTrials ? trials - 1 : noise.Freedom;
            var margin =
                ConfidentVerdicts.PassQuantile(trials, freedom, _slo.Confidence) * noise.Spread / Math.Sqrt(trials);
            var room = Math.Log(constraint.ThresholdMs / value) - margin;
            var shift = noise.Spread * Math.Sqrt((1.0 / n) - (1.0 / trials));
            chance *= MathNet.Numerics.Distributions.Normal.CDF(0, 1, room / shift);
        }

        return chance;
    }

    /// <summary>
    /// A configuration's mean reading of a metric at the incumbent's repetitions: its own mean less <see
    /// cref="PairedShift"/>. Null when its trials did not measure it.
    /// </summary>
    public double? PairedRead(Evidence evidence, string metric) =>
        evidence.Merged.Metric(metric) is { } value ? value * Math.Exp(-PairedShift(evidence, metric)) : null;

    /// <summary>The configuration's energy read at the incumbent's repetitions (<see cref="PairedRead"/>).</summary>
    public double? PairedEnergy(Evidence evidence) =>
        evidence.Energy is null ? null : PairedRead(evidence, _energyMetric);

    /// <summary>The largest ratio of an SLO latency to its bound, read at the incumbent's repetitions.</summary>
    public double PairedWorstRatio(Evidence evidence) =>
        evidence.Merged.Feasible && !_slo.Constraints.IsEmpty
            ? _slo.Constraints.Max(c => (PairedRead(evidence, c.MetricName) ?? double.PositiveInfinity) / c.ThresholdMs)
            : evidence.WorstRatio;

    /// <summary>
    /// How much higher (in log) the incumbent read a metric at the repetitions the configuration's full trials ran at
    /// than over all of its own full trials. Trial r of every configuration runs repetition r's load (a simulated host
    /// seeds it with r; a load generator whose seed follows the repetition replays it), and the readings of one run
    /// share 54-100 % of a trial's log variance in SLO latencies and 42-100 % in energy (bench/SearchEfficiency,
    /// "What trials of the same repetition share"): a candidate measured at one or two bursty repetitions reads high
    /// against an incumbent averaged over calm ones too. Minus this shift it reads as at the incumbent's repetitions, a
    /// paired comparison that cancels what both share. Zero with exact measurements, without an incumbent, for the
    /// incumbent itself, when the incumbent ran at no more repetitions than the configuration, and when the
    /// configuration ran at a repetition the incumbent did not.
    /// </summary>
    public double PairedShift(Evidence evidence, string metric)
    {
        if (
            Deterministic
            || Incumbent is not { } incumbent
            || incumbent.Merged.Configuration.Equals(evidence.Merged.Configuration)
        )
        {
            return 0;
        }

        var reference = new Dictionary<int, double>();
        foreach (var o in _repeats.GetValueOrDefault(incumbent.Merged.Configuration) ?? [])
        {
            if (o.Metric(metric) is > 0 and var v)
            {
                reference[_repetitions[o]] = Math.Log(v);
            }
        }

        var own = (_repeats.GetValueOrDefault(evidence.Merged.Configuration) ?? [])
            .Where(o => o.Metric(metric) is > 0)
            .Select(o => _repetitions[o])
            .Distinct()
            .ToList();
        return own.Count == 0 || own.Count >= reference.Count || !own.All(reference.ContainsKey)
            ? 0
            : own.Average(r => reference[r]) - reference.Values.Average();
    }

    /// <summary>
    /// Each trial's repetition: how many trials of its configuration (twins pooled) came before it, the count by which
    /// the tuning loop numbers the trials it requests (<see cref="TuningLoop"/>).
    /// </summary>
    private static Dictionary<Observation, int> Repetitions(IEnumerable<Observation> trials)
    {
        var seen = new Dictionary<Knobs.Configuration, int>();
        var repetitions = new Dictionary<Observation, int>(ReferenceEqualityComparer.Instance);
        foreach (var o in trials)
        {
            var r = seen.GetValueOrDefault(o.Configuration);
            repetitions[o] = r;
            seen[o.Configuration] = r + 1;
        }

        return repetitions;
    }

    /// <summary>
    /// Whether every SLO latency of a configuration lies at least <paramref name="spreads"/> of its trials' log spread
    /// under its bound (the spread its verdict is judged with, <see cref="ConfidentVerdicts.Spread"/>): room a step
    /// toward the bound can use without landing where no number of trials decides it.
    /// </summary>
    public bool HasRoom(Evidence evidence, double spreads) =>
        _slo.Constraints.All(c =>
            evidence.Merged.Metric(c.MetricName) is > 0 and var value
            && Math.Log(c.ThresholdMs / value)
                >= spreads
                    * ConfidentVerdicts
                        .Spread(
                            _repeats.GetValueOrDefault(evidence.Merged.Configuration) ?? [],
                            c.MetricName,
                            _spreads[c.MetricName]
                        )
                        .Spread
        );

    /// <summary>
    /// Whether the configuration's full trials, merged, decided that it could not carry its load: what its own verdict
    /// needs (<see cref="RepeatedTrials"/>: a trial alone judged at 99 %, repeats on their pooled backlog with their
    /// looks sharing the risk, <see cref="KeepUpRule.PooledProblem"/>, or no spare batch slots at the load's rate,
    /// <see cref="KeepUpRule.CapacityProblem"/>), not one trial of several behind on its own backlog. Any one of up to
    /// ten repeats behind on its own found 18.45 % of configurations with 20 % spare capacity under a bursty trace
    /// behind, where their merged trials found 7.00 % (seeded Monte Carlo, <c>NeighbourExclusionLooksTests</c>).
    /// </summary>
    public static bool FellBehind(Evidence evidence) =>
        !evidence.Merged.Feasible
        && evidence.Merged.Fidelity == TrialFidelity.Full
        && KeepUpRule.IsItsReason(evidence.Merged.InfeasibleReason);

    /// <summary>
    /// The standard error of a configuration's mean log energy (about its relative error): the spread its full trials
    /// are judged with (<see cref="ConfidentVerdicts.Spread"/>: its own from five trials, else the pooled one) over the
    /// square root of their number. Zero with exact measurements or before any configuration was repeated.
    /// </summary>
    public double EnergyStandardError(Evidence evidence)
    {
        if (Deterministic)
        {
            return 0;
        }

        var noise = ConfidentVerdicts.Spread(
            _repeats.GetValueOrDefault(evidence.Merged.Configuration) ?? [],
            _energyMetric,
            _energySpread
        );
        return noise.Spread / Math.Sqrt(Math.Max(1, evidence.FullTrials));
    }

    /// <summary>
    /// The relative energy saving a repeat of an undecided candidate must be expected to bring: the larger of <see
    /// cref="AutoOptions.MinExpectedImprovement"/> and <see cref="AutoOptions.SavingFloorErrors"/> times the
    /// incumbent's energy standard error. A saving smaller than what the incumbent's own energy is known to could not
    /// be told from it without many more trials.
    /// </summary>
    public double SavingFloor(AutoOptions options) =>
        Math.Max(
            options.MinExpectedImprovement,
            Incumbent is { } incumbent ? options.SavingFloorErrors * EnergyStandardError(incumbent) : 0
        );

    /// <summary>
    /// What another trial of an undecided configuration is expected to save: its chance of passing within
    /// <see cref="AutoOptions.MaxRepeats"/> trials (<see cref="PassChance"/>) times its relative energy saving over the
    /// incumbent. Null without an incumbent or when it is not cheaper.
    /// </summary>
    public double? ExpectedSaving(Evidence evidence, AutoOptions options) =>
        Incumbent?.Energy is { } best && evidence.Energy is { } energy && energy < best
            ? PassChance(evidence, options.MaxRepeats) * (1 - (energy / best))
            : null;

    public IReadOnlyList<Evidence> Items { get; }

    public bool Deterministic { get; }

    /// <summary>
    /// For each measured configuration (by index), the configurations its trials also read: its batch, clock and
    /// power-limit twins (<see cref="CapTwins"/>), measured or not, itself excluded.
    /// </summary>
    public IReadOnlyDictionary<int, IReadOnlyList<int>> Twins { get; }

    public HashSet<int> Measured { get; }

    /// <summary>The configurations a trial of another one proved unable to run (<see cref="KnownInfeasible"/>).
    /// </summary>
    public HashSet<int> Known { get; }

    /// <summary>
    /// The measured configurations, their cap twins and the configurations known unable to run: none of them is open
    /// to be measured.
    /// </summary>
    public HashSet<int> Covered { get; }

    /// <summary>
    /// Whether some configuration's repeated trials measured the objective and came back identical (exact
    /// measurements). Trials that measured nothing (a configuration that could not run, or an invalid window) say
    /// nothing of the noise, however many of them agree.
    /// </summary>
    public static bool IsDeterministic(SearchState state) =>
        state
            .Measurements.Where(o => o.Feasible && o.Metric(state.ObjectiveMetric) is not null)
            .GroupBy(o => o.Configuration)
            .Any(g => g.Count() > 1 && g.Select(o => o.Metric(state.ObjectiveMetric)).Distinct().Count() == 1);

    public Evidence? Incumbent { get; }

    /// <summary>Whether the repeats left some SLO constraint of this configuration undecided.</summary>
    public static bool IsUndecided(Evidence evidence) =>
        evidence.Merged.Verdicts.Values.Any(v => v == SloVerdict.Undecided);

    /// <summary>Whether a configuration's result can stand without a full trial.</summary>
    public bool IsTrusted(Evidence evidence) => evidence.FullTrials > 0 || Deterministic;
}
