using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Cli;

/// <summary>
/// Bad input to every command gets one line naming the option (or the file and line) and exit code 2: never a
/// stack trace, a .NET type name, a parameter name or a run on nonsense. <c>{dir}</c> stands for a folder holding
/// the files written below.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Space = "target: sim\nmodel: Qwen/Qwen3-8B\ngpu_model: H100-SXM-80GB\ngpus: 1\n";

    private readonly TempDirectory _dir = new();

    public BadInputTests()
    {
        File.WriteAllText(_dir.File("wrong-columns.csv"), "a,b\n1,2\n");
        File.WriteAllText(_dir.File("no-arrival.jsonl"), "{\"max_tokens\": 4, \"prompt_tokens\": 8}\n");
        File.WriteAllText(
            _dir.File("twice.jsonl"),
            "{\"arrival_s\": 0, \"prompt_tokens\": 8, \"max_tokens\": 4, \"max_tokens\": 4000}\n"
        );
        File.WriteAllText(_dir.File("no-knobs.yaml"), Space + "knobs: []\n");
        File.WriteAllText(
            _dir.File("batch-zero.yaml"),
            Space + "knobs:\n  - { name: max_num_seqs, kind: server_batch_size, values: [0, 8] }\n"
        );
        File.WriteAllText(
            _dir.File("clock-negative.yaml"),
            Space + "knobs:\n  - { name: sm_clock_cap_mhz, kind: gpu_sm_clock_cap, values: [-1410] }\n"
        );
        File.WriteAllText(
            _dir.File("constraint-on-text.yaml"),
            Space
                + "knobs:\n  - { name: ulysses_degree, kind: server_argument, values: [1, abc] }\n"
                + "constraints:\n  - ulysses_degree <= gpus\n"
        );
        File.WriteAllText(
            _dir.File("half-degree.yaml"),
            "target: sim\nmodel: black-forest-labs/FLUX.1-dev\ngpu_model: H100-SXM-80GB\ngpus: 8\n"
                + "knobs:\n  - { name: ulysses_degree, kind: server_argument, values: [1, 1.5] }\n"
        );
        File.WriteAllText(
            _dir.File("unmodelled.yaml"),
            Space + "knobs:\n  - { name: max_model_len, kind: server_argument, values: [8, 4096] }\n"
        );
        foreach (var (name, gpus) in new[] { ("gpus-huge", "2147483648"), ("gpus-zero", "0"), ("gpus-half", "1.5") })
        {
            File.WriteAllText(
                _dir.File(name + ".yaml"),
                Space.Replace("gpus: 1", "gpus: " + gpus, StringComparison.Ordinal)
                    + "knobs:\n  - { name: power_limit_w, kind: gpu_power_limit, values: [300, 700] }\n"
            );
        }

        File.WriteAllText(
            _dir.File("negative-limit-plan.json"),
            """
            {"schemaVersion": 1, "slo": "p99 tpot<=200ms", "sloMetric": "tpot_p99_ms", "sloBoundMs": 200,
             "serverKnobs": {}, "bands": [{"fromRequestsPerSecond": 0, "toRequestsPerSecond": 1,
             "levelRequestsPerSecond": 1, "configuration": {}, "smClockCapMhz": 990, "powerLimitWatts": -5,
             "meetsSlo": true}]}
            """
        );
        File.WriteAllText(
            _dir.File("unknown-statistic-plan.json"),
            File.ReadAllText(_dir.File("negative-limit-plan.json"))
                .Replace("\"tpot_p99_ms\"", "\"tpot_pmax_ms\"", StringComparison.Ordinal)
                .Replace("-5", "300", StringComparison.Ordinal)
        );
        Directory.CreateDirectory(_dir.File("folder"));
        Directory.CreateDirectory(_dir.File("corrupt-state"));
        File.WriteAllText(_dir.File("corrupt-state/journal.json"), "{garbage");
        File.CreateSymbolicLink(_dir.File("broken-link"), _dir.File("missing"));
    }

    public void Dispose() => _dir.Dispose();

    private static readonly string[] Sim = ["optimize", "--slo", "200ms", "--target", "sim", "--budget", "2"];

    private static readonly string[] SimServer = ["sim-server", "--model", "Qwen/Qwen3-8B"];

    public static TheoryData<string[], string> Cases() =>
        new()
        {
            {
                [.. SimServer, "--port", "70000"],
                "sim-server: --port must be 0..65535 (0 picks a free one), not 70000"
            },
            { [.. SimServer, "--max-num-seqs", "0"], "sim-server: --max-num-seqs must be at least 1, not 0" },
            { [.. SimServer, "--tensor-parallel", "-2"], "sim-server: --tensor-parallel must be at least 1, not -2" },
            {
                [.. SimServer, "--power-limit", "5000"],
                "cannot serve this configuration: power_limit_w 5000 is outside the H100-SXM-80GB's range 200–700 W"
            },
            { [.. SimServer, "--port", "abc"], "cannot read --port 'abc': expected a whole number" },
            { [.. SimServer, "--sm-clock-cap", "1.5"], "cannot read --sm-clock-cap '1.5': expected a whole number" },
            { [.. Sim, "--noise", "abc"], "cannot read --noise 'abc': expected a number" },
            {
                [.. Sim, "--confidence", "99.9%"],
                "--confidence must be from 50 % to 99 %, e.g. 95% or 0.95, not 99.9 %"
            },
            {
                [.. Sim, "--confidence", "sure"],
                "cannot read --confidence 'sure': expected a level from 50 % to 99 %, e.g. 95% or 0.95"
            },
            {
                ["govern", "--plan", "{dir}/plan.json", "--gpu-control", "gpu"],
                "--gpu-control: Argument 'gpu' not recognized. Must be one of: 'auto', 'nvml', 'sim'"
            },
            {
                ["apply", "latest", "--print", "--format", "yaml"],
                "--format: Argument 'yaml' not recognized. Must be one of: 'shell', 'vllm', 'systemd', 'k8s'"
            },
            {
                ["history", "--store", "sqlite:"],
                "cannot read --store 'sqlite:': the path after sqlite: is empty, e.g. sqlite:/srv/history.db"
            },
            {
                ["history", "--store", "postgres:Host=db;Foo=1"],
                "cannot read --store 'postgres:Host=db;Foo=1': unknown key 'Foo': postgres:KEY=VALUE;... takes Host, "
                    + "Port, Database, Username, Password, SSL Mode,"
            },
            {
                ["history", "--store", "postgres:Host=db;Port=abc"],
                "cannot read --store 'postgres:Host=db;Port=abc': 'abc' is not a value of Port=NUMBER"
            },
            {
                ["history", "--store", "postgres://db/fleet?Foo=1"],
                "cannot read --store 'postgres://db/fleet?Foo=1': unknown option 'Foo': a postgres:// address takes "
                    + "sslmode="
            },
            { [.. Sim, "--host-id", "  "], "--host-id needs a name of 1 to 100 characters" },
            { [.. Sim, "--resume", "--nightly"], "--nightly and --resume cannot be combined" },
            { [.. Sim, "--load", "trace:{dir}/folder"], "trace file '{dir}/folder' is a directory" },
            {
                [.. Sim, "--load", "trace:{dir}/wrong-columns.csv"],
                "wrong-columns.csv line 1: a CSV trace starts with the Azure header "
                    + "TIMESTAMP,ContextTokens,GeneratedTokens, not 'a,b'"
            },
            {
                [.. Sim, "--load", "trace:{dir}/no-arrival.jsonl"],
                "no-arrival.jsonl line 1: the field 'arrival_s' is missing"
            },
            {
                [.. Sim, "--load", "trace:{dir}/twice.jsonl"],
                "twice.jsonl line 1: not JSON it can read: the field 'max_tokens' is given twice in one object"
            },
            { [.. Sim, "--space", "{dir}/no-knobs.yaml"], "no-knobs.yaml:5:8: 'knobs' lists no knob" },
            {
                [.. Sim, "--space", "{dir}/batch-zero.yaml"],
                "batch-zero.yaml:6:60: knob 'max_num_seqs' (server_batch_size) cannot take 0: expected whole numbers"
            },
            {
                [.. Sim, "--space", "{dir}/clock-negative.yaml"],
                "knob 'sm_clock_cap_mhz' (gpu_sm_clock_cap) cannot take -1410: expected numbers above 0"
            },
            { [.. Sim, "--space", "{dir}/folder"], "folder: a directory, not a space file" },
            {
                [.. Sim, "--space", "{dir}/gpus-huge.yaml"],
                "gpus-huge.yaml:4:7: gpus must be a whole number from 1 to 1024"
            },
            {
                [.. Sim, "--space", "{dir}/gpus-zero.yaml"],
                "gpus-zero.yaml:4:7: gpus must be a whole number from 1 to 1024"
            },
            {
                [.. Sim, "--space", "{dir}/gpus-half.yaml"],
                "gpus-half.yaml:4:7: gpus must be a whole number from 1 to 1024"
            },
            {
                [.. Sim, "--set", "power_limit_w=300", "--set", "power_limit_w=400"],
                "--set names knob 'power_limit_w' twice; give its values once, e.g. --set power_limit_w=V1,V2"
            },
            {
                [.. Sim, "--set", "power_limit_w=300,,400"],
                "cannot read --set 'power_limit_w=300,,400': an empty value"
            },
            {
                [.. Sim, "--set", "power_limit_w=300,300"],
                "cannot read --set 'power_limit_w=300,300': a value is listed"
            },
            { ["report", "{dir}/folder"], "the folder '{dir}/folder' holds no result.json" },
            { ["apply", "latest", "--gpus", "0,,1", "--print"], "--gpus expects GPU indices like 0,1; '' is not one" },
            { ["apply", "latest", "--gpus", "0,0", "--dry-run"], "--gpus names GPU 0 twice" },
            { ["govern", "--plan", "{dir}/plan.json", "--gpus", "1,1", "--dry-run"], "--gpus names GPU 1 twice" },
            {
                ["govern", "--plan", "{dir}/plan.json", "--rate-risk", "0", "--dry-run"],
                "cannot read --rate-risk '0': expected a number above 0, at most 60"
            },
            { ["measure", "--gpus", "2,2", "--", "true"], "--gpus names GPU 2 twice" },
            {
                ["govern", "--plan", "{dir}/negative-limit-plan.json", "--dry-run", "--target", "http://127.0.0.1:1"],
                "negative-limit-plan.json: band 1's powerLimitWatts is -5, expected watts above 0, or null"
            },
            {
                [
                    "govern",
                    "--plan",
                    "{dir}/unknown-statistic-plan.json",
                    "--dry-run",
                    "--target",
                    "http://127.0.0.1:1",
                ],
                "unknown-statistic-plan.json: sloMetric is 'tpot_pmax_ms', expected a latency metric METRIC_STAT_ms"
            },
            { ["report", "latest", "--price-per-kwh", "-3"], "--price-per-kwh must be a finite number of at least 0" },
            {
                [.. Sim, "--space", "{dir}/constraint-on-text.yaml"],
                "constraint-on-text.yaml:8:5: constraint 'ulysses_degree <= gpus' names knob 'ulysses_degree', which "
                    + "has a value that is not a number ('abc')"
            },
            {
                ["optimize", "--slo", "p99 latency<=60s", "--space", "{dir}/half-degree.yaml", "--dry-run"],
                "knob 'ulysses_degree' cannot take 1.5: the diffusion host reads it as a count of GPUs"
            },
            {
                [.. Sim, "--space", "{dir}/unmodelled.yaml"],
                "knob 'max_model_len' (server_argument) does not change the simulated LLM host: every value would "
                    + "measure the same"
            },
            { [.. Sim, "--out", ""], "--out needs a path, e.g. --out runs/h100-qwen3" },
            { [.. Sim, "--out", "{dir}/no-knobs.yaml"], "--out '{dir}/no-knobs.yaml' is a file" },
            { ["optimize", "--slo", "200ms", "--space", " "], "--space needs a path, e.g. --space search-spaces/" },
            { ["measure", "--csv", "", "--", "true"], "--csv needs a path, e.g. --csv power.csv" },
            { [.. Sim, "--state-dir", " "], "--state-dir needs a folder" },
            { ["history", "--state-dir", ""], "--state-dir needs a folder" },
            {
                ["history", "--state-dir", "{dir}/no-knobs.yaml/mlenergy"],
                "cannot write the state directory '{dir}/no-knobs.yaml/mlenergy': '{dir}/no-knobs.yaml' is a file, "
                    + "not a folder (use --state-dir to choose another)"
            },
            { ["report", "latest", "--state-dir", ""], "--state-dir needs a folder" },
            { ["govern", "--plan", "latest", "--state-dir", ""], "--state-dir needs a folder" },
            {
                ["restore", "--state-dir", "{dir}/missing"],
                "--state-dir '{dir}/missing' does not exist: no run used it as its state directory"
            },
            {
                ["restore", "--state-dir", "{dir}/broken-link"],
                "--state-dir '{dir}/broken-link' is a link to '{dir}/missing', which is not a directory"
            },
            {
                ["restore", "--state-dir", "{dir}/corrupt-state"],
                "the journal '{dir}/corrupt-state/journal.json' cannot be read: not a journal's JSON at line 1 ($)"
            },
            {
                ["restore", "--state-dir", "{dir}/no-knobs.yaml"],
                "--state-dir '{dir}/no-knobs.yaml' is a file, not a state directory"
            },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputGetsOneLineNamingWhatIsWrongAndExitCode2(string[] args, string expected)
    {
        string[] withState =
            args[0] is "sim-server" or "measure" || args.Contains("--state-dir")
                ? args
                : [.. args, "--state-dir", _dir.Path];

        var run = await CliRun.RunAsync([.. withState.Select(a => a.Replace("{dir}", _dir.Path))]);

        run.ExitCode.Should().Be(2, run.Error);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain(expected.Replace("{dir}", _dir.Path));
        run.Error.Should().NotContain("Exception").And.NotContain("(Parameter").And.NotContain("System.");
    }
}
