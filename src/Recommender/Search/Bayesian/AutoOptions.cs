using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>The settings of the constrained Bayesian optimiser; the defaults suit LLM serving spaces.</summary>
public sealed record AutoOptions
{
    public static AutoOptions Default { get; } = new();

    /// <summary>Space-filling trials before the surrogates lead; null picks one per tuned knob plus one.</summary>
    public int? InitialTrials { get; init; }

    /// <summary>Candidates scored per proposal in large spaces (a random sample plus neighbours of the best).</summary>
    public int PoolSize { get; init; } = 3000;

    /// <summary>Stop when the expected relative energy improvement of the best proposal falls below this.</summary>
    public double MinExpectedImprovement { get; init; } = 0.0005;

    /// <summary>
    /// An undecided candidate is also repeated while its expected saving is at least this many standard errors of the
    /// incumbent's energy (<see cref="SearchEvidence.SavingFloor"/>).
    /// </summary>
    public double SavingFloorErrors { get; init; } = 1;

    /// <summary>
    /// Explore with short screening trials and confirm promising ones with full trials. Off by default: on the
    /// synthetic host the confirmations cost more trials than the short screens saved in host time.
    /// </summary>
    public bool Screening { get; init; }

    /// <summary>
    /// How far (relative) a screening trial may be from the SLO bound or the best energy and still need a full trial.
    /// </summary>
    public double ScreeningMargin { get; init; } = 0.10;

    /// <summary>
    /// A full trial this far (relative) over the SLO bound is sure to miss; slower configurations are pruned.
    /// </summary>
    public double SureMissMargin { get; init; } = 0.02;

    /// <summary>
    /// With exact (repeatable) measurements, skip configurations that differ from one that meets the SLO only
    /// by a smaller batch size: energy per token falls as the batch grows.
    /// </summary>
    public bool PruneSmallerBatches { get; init; } = true;

    /// <summary>
    /// How many of the best candidates are measured again before the run ends (when trials are noisy).
    /// </summary>
    public int RemeasureBest { get; init; } = 2;

    /// <summary>
    /// Full trials at most for one configuration whose SLO pass the noise leaves undecided: the looks the sequential
    /// pass test spreads its risk over (<see cref="SequentialBoundary.PlannedLooks"/>; trials beyond them are tested at
    /// the last look's level).
    /// </summary>
    public int MaxRepeats { get; init; } = SequentialBoundary.PlannedLooks;

    /// <summary>
    /// An undecided configuration is repeated only while its predicted chance of passing the sequential test within
    /// <see cref="MaxRepeats"/> trials is at least this (one in five): below it, more trials would most likely leave
    /// the decision where it is. The candidate whose verdict decides the pick is repeated whatever its chance (<see
    /// cref="RepeatDeciding"/>).
    /// </summary>
    public double MinPassChance { get; init; } = 0.2;

    /// <summary>
    /// With an incumbent, also repeat undecided candidates whose expected saving (pass chance times energy saved)
    /// reaches the improvement floor, not only those whose pass chance reaches <see cref="MinPassChance"/>. Off by
    /// default. Under a fixed test at every look it added picks that truly miss the SLO; under the sequential test
    /// (<see cref="SequentialBoundary"/>), whose risk holds however long a candidate is repeated, it brought the
    /// search-efficiency subset's median gap from 5.2 % to 3.0 % without a real miss more on its 27 runs, but one more
    /// on the six held-out ones: p99 TTFT, whose trials can all read 15 % under a truth that holds rare queue
    /// build-ups, passed on the tenth trial of a configuration at 1.03 of the bound.
    /// </summary>
    public bool RepeatByExpectedSaving { get; init; }

    /// <summary>
    /// Repeat the cheapest undecided candidate cheaper than the incumbent whose mean lies under the bound until its
    /// verdict is decided or it has <see cref="MaxRepeats"/> trials, whatever its pass chance (<see
    /// cref="Confirmations.Undecided"/>): its verdict is the one that decides the pick.
    /// </summary>
    public bool RepeatDeciding { get; init; } = true;

    /// <summary>
    /// Choose the candidate whose verdict decides the pick (<see cref="RepeatDeciding"/>) on what it reads at the
    /// incumbent's repetitions (<see cref="SearchEvidence.PairedShift"/>): whether it is cheaper than the incumbent,
    /// whether its mean lies under the bound (and under that of every configuration <see cref="MaxRepeats"/> trials
    /// left undecided), and which is cheapest. Its verdict, the other candidates' repeats and the pick read its own
    /// trials.
    /// </summary>
    public bool PairedDeciding { get; init; } = true;

    /// <summary>Full trials the recommended configuration needs before the run ends (when trials are noisy).</summary>
    public int ConfirmTrials { get; init; } = 4;

    /// <summary>Candidates within this relative energy of the best are measured again.</summary>
    public double RemeasureBand { get; init; } = 0.03;

    /// <summary>
    /// Stop once this many trials in a row have not found a better configuration than the incumbent; null
    /// picks four per tuned knob plus four, so the number of trials follows the number of knobs and not how
    /// finely their levels are cut.
    /// </summary>
    public int? Patience { get; init; }

    /// <summary>
    /// What a server restart costs, as a fraction of a trial; proposals are ranked by improvement per cost.
    /// </summary>
    public double RestartCost { get; init; } = 0.6;

    /// <summary>Leading proposals whose neighbours are also scored before the best is picked.</summary>
    public int RefineLeaders { get; init; } = 5;

    /// <summary>
    /// A new configuration within this relative energy of the incumbent (and meeting the SLO) counts as the
    /// incumbent for patience: steps too small to matter on a finely cut knob do not reset it.
    /// </summary>
    public double PatienceStep { get; init; } = 0.005;

    /// <summary>
    /// Spend the patience in host time: the first trials of configurations new since the incumbent was found, against
    /// <see cref="Patience"/> first trials at their mean length so far; off counts new configurations instead.
    /// </summary>
    public bool HostTimePatience { get; init; } = true;

    /// <summary>Default patience per tuned knob plus one, when <see cref="Patience"/> is null.</summary>
    public int PatiencePerDimension { get; init; } = 4;

    /// <summary>
    /// Configurations measured before the surrogates may declare the search done: this many per tuned knob
    /// plus one, but at most the space divided by <see cref="MinConfigurationsDivisor"/>. Two: with three, 15 of the
    /// search-efficiency harness's 27 simulated runs stopped on the expected improvement at exactly that floor (15
    /// configurations of four knobs), their picks measured long before, and with two every pick stayed the same.
    /// </summary>
    public int MinConfigurationsPerDimension { get; init; } = 2;

    /// <summary>See <see cref="MinConfigurationsPerDimension"/>.</summary>
    public int MinConfigurationsDivisor { get; init; } = 3;

    /// <summary>
    /// The compass step before stopping is tried only while at most this many configurations per knob plus one were
    /// measured.
    /// </summary>
    public int PolishLimitPerDimension { get; init; } = 8;

    /// <summary>
    /// Before stopping on the expected improvement, step down the incumbent's clock cap and power limit lines toward
    /// the latency bound (<see cref="Bayesian.SlackDescent"/>). On by default. On the synthetic group it took four
    /// of the seven runs that stopped 4.3-7.7 % above the optimum to it and one to a pick 0.3 % over the bound (within
    /// 1 %: 74 % of the runs, 89 % with it; 42.0 to 55.5 trials a run); on the simulated subset it changed nothing with
    /// <see cref="DescentRoomSpreads"/> (without that room, steps from optima at 0.97 of a p99 or p90 TTFT bound, whose
    /// trials read 10-15 % under their truth, to the clock cap below gave three real misses where there were two).
    /// </summary>
    public bool SlackDescent { get; init; } = true;

    /// <summary>
    /// A line is stepped down (<see cref="SlackDescent"/>) while its lowest configuration that met the SLO costs at
    /// most this many standard errors of its energy more than the incumbent.
    /// </summary>
    public double DescentErrors { get; init; } = 2;

    /// <summary>
    /// The incumbent's lines are stepped down (<see cref="SlackDescent"/>) only while each of its latencies lies at
    /// least this many of its trials' log spreads under the bound: where one trial varies as much as the room left, a
    /// step toward the bound lands where no number of trials decides it.
    /// </summary>
    public double DescentRoomSpreads { get; init; } = 2;

    /// <summary>A compass step is taken only to a neighbour at least this likely to meet the SLO.</summary>
    public double PolishMinFeasibility { get; init; } = 0.3;

    /// <summary>
    /// A compass step is taken only to a neighbour predicted within this log-energy of the incumbent.
    /// </summary>
    public double PolishLogEnergyTolerance { get; init; } = 0.01;

    /// <summary>
    /// Without an incumbent, stop when no unmeasured configuration is at least this likely to meet the SLO.
    /// </summary>
    public double HopelessFeasibility { get; init; } = 0.01;

    /// <summary>
    /// Where among the open batch sizes of a layout bisection measures next (0 = smallest, 1 = largest); also where
    /// among the open lower levels a step down a clock cap or power limit goes before any miss (<see
    /// cref="SlackDescent"/>).
    /// </summary>
    public double BisectPosition { get; init; } = 2.0 / 3;

    /// <summary>
    /// Without an incumbent, the weight of predicted log energy against feasibility when ranking proposals.
    /// </summary>
    public double FeasibilityTieBreak { get; init; } = 1e-6;
}
