using System.Collections.Immutable;
using System.CommandLine;
using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Requests;

namespace MLEnergy.Cli.Commands;

/// <summary>
/// The options of <c>mlenergy optimize</c>, their help, and how they bind into an <see cref="OptimizeRequest"/>.
/// </summary>
internal static partial class OptimizeCommand
{
    private sealed class OptimizeOptions
    {
        public Option<string[]> Slo { get; } =
            new("--slo")
            {
                Description = SloHelp,
                Required = true,
                Arity = ArgumentArity.OneOrMore,
            };

        public Option<string?> Target { get; } =
            new("--target")
            {
                Description =
                    "Where trials run: replay:NAME|PATH, sim, or http://HOST:PORT (a running OpenAI-compatible "
                    + "server; GPU knobs only) (default: the space's target)",
            };

        public Option<string?> Space { get; } =
            new("--space") { Description = "Search space YAML file (search-spaces/*.yaml)" };

        public Option<string?> Model { get; } =
            new("--model")
            {
                Description =
                    "Model id, e.g. Qwen/Qwen3-8B (with --target http://..., the model name sent in each request)",
            };

        public Option<string?> Gpu { get; } = new("--gpu") { Description = "GPU model to restrict to, e.g. H100" };

        public Option<string?> Load { get; } =
            new("--load")
            {
                Description =
                    "Load: saturate, poisson:RATE, concurrency:N, or trace:FILE[,slice=FROM..TO][,scale=X] (JSONL or "
                    + "the Azure LLM inference CSV; azure-conv and azure-code are shipped)",
            };

        public Option<string?> LoadLevels { get; } =
            new("--load-levels")
            {
                Description =
                    "Tune a plan per load level instead of one configuration: poisson:R1,R2,... (requests/s) or "
                    + "trace:FILE.jsonl (quartiles of its per-minute rates). Server knobs are tuned at the top level "
                    + "and shared; the GPU knobs per level. Writes plan.json for mlenergy govern",
            };

        public Option<string?> Workload { get; } =
            new("--workload")
            {
                Description =
                    "Request lengths of the simulated load: lm-arena-chat, gpqa, sourcegraph-fim, image-chat, "
                    + "video-chat or azure-conv (the Azure conversation trace's)",
            };

        public Option<string[]> Set { get; } =
            new("--set") { Description = "Pin a knob (KNOB=VALUE) or restrict it (KNOB=V1,V2,...); repeatable" };

        public Option<string> Strategy { get; } =
            new("--strategy")
            {
                Description = "Search strategy: grid, random or auto (constrained Bayesian optimisation)",
                DefaultValueFactory = _ => StrategyFactory.Default,
            };

        public Option<string?> Budget { get; } =
            new("--budget")
            {
                Description =
                    "Most trials (e.g. 40) or host time (e.g. 30m, 2h) to spend; default: until the strategy stops",
            };

        public Option<string?> Seed { get; } =
            new("--seed")
            {
                Description =
                    "Random seed, a whole number: the same seed gives the same trials and answer (default: 0)",
            };

        public Option<double> Noise { get; } =
            new("--noise")
            {
                Description = "Relative noise added to replayed measurements, 0 to 1 (0.05 = 5 %; default: 0)",
            };

        public Option<string?> Out { get; } =
            new("--out") { Description = "Run folder (default: a new folder under the state directory)" };

        public Option<string?> StateDir { get; } =
            new("--state-dir")
            {
                Description = "State directory (default: $XDG_STATE_HOME/mlenergy or ~/.local/state/mlenergy)",
            };

        public Option<bool> DryRun { get; } =
            new("--dry-run")
            {
                Description =
                    "Print every change the run would make on the host (clocks, limits, server launches) and make none",
            };

        public Option<bool> VerifyOutputs { get; } =
            new("--verify-outputs")
            {
                Description =
                    "Afterwards, check that the recommended configuration generates the baseline's tokens "
                    + "(temperature 0 probes)",
            };

        public Option<bool> Json { get; } = new("--json") { Description = "Print the whole result as JSON on stdout" };

        public Option<bool> Verbose { get; } =
            new("--verbose", "-v") { Description = "Also write the structured log to stderr" };

        public Option<bool> Resume { get; } =
            new("--resume")
            {
                Description =
                    "Continue the last interrupted run of the same space, target and SLO without repeating its trials",
            };

        public Option<bool> Nightly { get; } =
            new("--nightly")
            {
                Description =
                    "Re-measure the last recommendation and the baseline; re-tune (warm-started) only if they drifted",
            };

        public Option<string?> Store { get; } =
            new("--store")
            {
                Description =
                    "History store: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB (default: STATE/history.db)",
            };

        public Option<string?> Study { get; } =
            new("--study")
            {
                Description =
                    "Join the shared study NAME in the --store postgres:// database: workers on many alike hosts "
                    + "claim trials of one search (--budget counts trials across all of them); a new host whose "
                    + "problem a finished study answered re-checks its recommendation instead of searching",
            };

        public Option<string?> ClaimTimeout { get; } =
            new("--claim-timeout")
            {
                Description =
                    "With --study: how long a claimed trial lives without its worker's heartbeat (beating 5 times "
                    + "as often) before another worker takes it over, e.g. 25s (default)",
            };

        public Option<string?> HostId { get; } =
            new("--host-id") { Description = "This host's name in the history (default: the machine name)" };

        public Option<double?> PricePerKwh { get; } =
            new("--price-per-kwh") { Description = "Electricity price per kWh, for the report's cost per day" };

        public Option<double?> Gco2PerKwh { get; } =
            new("--gco2-per-kwh")
            {
                Description = "Grid carbon intensity in gCO2e per kWh, for the report's emissions per day",
            };

        public Option<bool> Force { get; } =
            new("--force") { Description = "Write into a non-empty --out folder (its files may be overwritten)" };

        public Option<string?> MinSaving { get; } =
            new("--min-saving")
            {
                Description =
                    "Smallest saving worth a change, e.g. 2% (default): when the savings' 95 % interval reaches "
                    + "below it, the advice is to keep the current configuration (exit 5)",
            };

        public Option<string?> Confidence { get; } =
            new("--confidence")
            {
                Description =
                    "Confidence that a recommendation meets the SLO, from 50% to 99% (default 95%): one truly on a "
                    + "bound passes at most 1 - P of the time over all its repeated trials. Lower certifies near the "
                    + "bound with fewer trials and lets more picks that miss through. The savings' 95 % interval "
                    + "and --min-saving do not change with it",
            };

        public Option<string?> MinThroughput { get; } =
            new("--min-throughput")
            {
                Description =
                    "Least throughput the recommendation must keep under saturate or concurrency loads: "
                    + "output tokens/s (1200 or 1200tok/s), a percentage of the baseline's measured throughput (90%), "
                    + "or 0 for any; default 100% (capacity-neutral). Under Poisson or trace loads every configuration "
                    + "must keep up with the offered rate instead",
            };

        public void AddTo(Command command)
        {
            Option[] all =
            [
                Slo,
                Target,
                Space,
                Model,
                Gpu,
                Load,
                LoadLevels,
                Workload,
                Set,
                Strategy,
                Budget,
                Seed,
                Noise,
                Out,
                StateDir,
                DryRun,
                VerifyOutputs,
                Json,
                Verbose,
                Resume,
                Nightly,
                Store,
                Study,
                ClaimTimeout,
                HostId,
                PricePerKwh,
                Gco2PerKwh,
                MinSaving,
                MinThroughput,
                Confidence,
                Force,
            ];
            foreach (var option in all)
            {
                command.Options.Add(option);
            }
        }

        public Func<OptimizeRequest> Bind(ParseResult parse) =>
            () =>
            {
                if (parse.GetValue(Study) is null)
                {
                    OptionValues.RefuseGiven(
                        parse,
                        "is the claim timeout of a --study: add --study NAME",
                        ClaimTimeout
                    );
                }

                if (parse.GetValue(Out) is null)
                {
                    OptionValues.RefuseGiven(parse, "writes into a non-empty --out folder: add --out DIR", Force);
                }

                return new OptimizeRequest
                {
                    Slo = SloParser.ParseAll(parse.GetValue(Slo) ?? []) with
                    {
                        Confidence = parse.GetValue(Confidence) is { } level
                            ? SloConfidence.Parse(level)
                            : SloConfidence.Default,
                    },
                    Target = parse.GetValue(Target) is { } target ? TargetSpec.Parse(target) : null,
                    SpacePath = OptionValues.PathGiven(
                        parse.GetValue(Space),
                        "--space",
                        "search-spaces/gpu-knobs.yaml"
                    ),
                    Model = parse.GetValue(Model),
                    Gpu = parse.GetValue(Gpu),
                    Load = parse.GetValue(Load),
                    LoadLevels = parse.GetValue(LoadLevels) is { } levels
                        ? Runtime.Load.LoadLevelsParser.Parse(levels)
                        : [],
                    Workload = parse.GetValue(Workload),
                    Pins = KnobPin.ParseAll(parse.GetValue(Set) ?? []),
                    Strategy = parse.GetValue(Strategy) ?? StrategyFactory.Default,
                    Budget = parse.GetValue(Budget) is { } budget ? TuningBudget.Parse(budget) : TuningBudget.Unlimited,
                    Seed = parse.GetValue(Seed) is { } seed
                        ? StrategyFactory.ParseSeed(seed)
                        : StrategyFactory.DefaultSeed,
                    Noise =
                        parse.GetValue(Noise) is var noise && !(noise >= 0 && noise <= 1)
                            ? throw new OptionValueException($"--noise must be between 0 and 1, not {noise}")
                            : noise,
                    OutputDirectory = CheckOut(
                        OptionValues.PathGiven(parse.GetValue(Out), "--out", "runs/h100-qwen3"),
                        parse.GetValue(Force) || parse.GetValue(Resume)
                    ),
                    StateDirectory = OptionValues.StateDirectory(parse.GetValue(StateDir)),
                    DryRun = parse.GetValue(DryRun),
                    VerifyOutputs = parse.GetValue(VerifyOutputs),
                    Resume = parse.GetValue(Resume),
                    Store = parse.GetValue(Store),
                    Study = parse.GetValue(Study) is { } study ? StudyName(study) : null,
                    ClaimTimeout = parse.GetValue(ClaimTimeout) is { } timeout
                        ? ParseClaimTimeout(timeout)
                        : TimeSpan.FromSeconds(25),
                    HostId = parse.GetValue(HostId) is { } host ? HostName(host) : Environment.MachineName,
                    PricePerKwh = OptionValues.FiniteAtLeastZero(parse.GetValue(PricePerKwh), "--price-per-kwh"),
                    GramsCo2PerKwh = OptionValues.FiniteAtLeastZero(parse.GetValue(Gco2PerKwh), "--gco2-per-kwh"),
                    MinimumSavingPercent = parse.GetValue(MinSaving) is { } saving
                        ? ParsePercent(saving)
                        : RecommendationOutcome.DefaultMinimumSavingPercent,
                    MinimumThroughput = parse.GetValue(MinThroughput) is { } floor
                        ? ParseFloor(floor)
                        : ThroughputFloor.Baseline,
                };
            };
    }
}
