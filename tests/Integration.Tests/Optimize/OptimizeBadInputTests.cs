using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Optimize;

public sealed class OptimizeBadInputTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    public static TheoryData<string[], string> Cases() =>
        new()
        {
            { ["optimize", "--slo", "200ms", "--bogus"], "Unrecognized command or argument '--bogus'" },
            {
                ["optimize", "--target", "replay:lm-arena-chat", "--model", "Qwen/Qwen3-8B", "--slo", "fast"],
                "cannot read SLO 'fast'"
            },
            {
                ["optimize", "--target", "replay:lm-arena-chat", "--model", "Qwen/Qwen3-8B", "--slo", "-5ms"],
                "must be positive"
            },
            {
                ["optimize", "--target", "replay:lm-arena-chat", "--model", "Qwen/Qwen3-8B", "--slo", "p101 tpot<=1s"],
                "unknown statistic 'p101'"
            },
            {
                ["optimize", "--target", "replay:lm-arena-chat", "--model", "acme/nope", "--slo", "p50 itl<=30ms"],
                "'acme/nope' is not in lm-arena-chat"
            },
            {
                [
                    "optimize",
                    "--target",
                    "replay:lm-arena-chat",
                    "--model",
                    "Qwen/Qwen3-8B",
                    "--gpu",
                    "TPU",
                    "--slo",
                    "p50 itl<=30ms",
                ],
                "measured on: B200, H100"
            },
            {
                ["optimize", "--target", "replay:lm-arena-chat", "--model", "Qwen/Qwen3-8B", "--slo", "p99 tpot<=30ms"],
                "needs 'tpot_p99_ms', which this target cannot measure; it can measure: itl (p50, p90, p95, p99)"
            },
            {
                ["optimize", "--target", "replay:nowhere.json", "--model", "Qwen/Qwen3-8B", "--slo", "p50 itl<=30ms"],
                "replay data 'nowhere.json' not found"
            },
            {
                ["optimize", "--space", "/nonexistent/space.yaml", "--slo", "200ms"],
                "/nonexistent/space.yaml: file not found"
            },
            {
                [
                    "optimize",
                    "--target",
                    "replay:lm-arena-chat",
                    "--model",
                    "Qwen/Qwen3-8B",
                    "--slo",
                    "p50 itl<=30ms",
                    "--set",
                    "max_num_seqs=7",
                ],
                "has no value 7"
            },
            {
                [
                    "optimize",
                    "--target",
                    "replay:lm-arena-chat",
                    "--model",
                    "Qwen/Qwen3-8B",
                    "--slo",
                    "p50 itl<=30ms",
                    "--set",
                    "nope",
                ],
                "cannot read --set 'nope'"
            },
            { ["optimize", "--target", "warp:drive", "--slo", "200ms"], "unknown target 'warp:drive'" },
            { ["optimize", "--target", "sim:h100", "--slo", "200ms"], "unknown target 'sim:h100'" },
            { ["optimize", "--target", "http://", "--slo", "200ms"], "cannot read target 'http://'" },
            { ["optimize", "--target", "replay:", "--slo", "200ms"], "nothing after 'replay:'" },
            {
                [
                    "optimize",
                    "--target",
                    "replay:lm-arena-chat",
                    "--model",
                    "Qwen/Qwen3-8B",
                    "--slo",
                    "p50 itl<=30ms",
                    "--budget",
                    "0",
                ],
                "cannot use budget '0': the number of trials must be at least 1"
            },
            {
                [
                    "optimize",
                    "--target",
                    "replay:lm-arena-chat",
                    "--model",
                    "Qwen/Qwen3-8B",
                    "--slo",
                    "p50 itl<=30ms",
                    "--budget",
                    "ten",
                ],
                "cannot read budget 'ten'"
            },
            {
                [
                    "optimize",
                    "--target",
                    "replay:lm-arena-chat",
                    "--model",
                    "Qwen/Qwen3-8B",
                    "--slo",
                    "p50 itl<=30ms",
                    "--seed",
                    "abc",
                ],
                "cannot read seed 'abc'"
            },
            {
                [
                    "optimize",
                    "--target",
                    "replay:lm-arena-chat",
                    "--model",
                    "Qwen/Qwen3-8B",
                    "--slo",
                    "p50 itl<=30ms",
                    "--strategy",
                    "magic",
                ],
                "unknown strategy 'magic'"
            },
            { [.. Replay, "--noise", "NaN"], "--noise must be between 0 and 1, not NaN" },
            { [.. Replay, "--price-per-kwh", "NaN"], "--price-per-kwh must be a finite number of at least 0, not NaN" },
            { [.. Replay, "--gco2-per-kwh", "-1"], "--gco2-per-kwh must be a finite number of at least 0, not -1" },
            { [.. Replay, "--store", "postgress://ops:s3cret@db/x"], "cannot read --store 'postgress://ops:***@db/x'" },
            {
                ["optimize", "--slo", "200ms", "--load", "poisson:fast"],
                "RATE must be a positive number of requests per second"
            },
            {
                ["optimize", "--slo", "200ms", "--workload", "poetry"],
                "workload 'poetry': expected one of lm-arena-chat, gpqa"
            },
            {
                ["optimize", "--slo", "200ms", "--study", "fleet-a", "--store", "sqlite:history.db"],
                "--study needs a store the workers share"
            },
            {
                ["optimize", "--slo", "200ms", "--study", "fleet-a", "--budget", "30m", "--store", "postgres://u@h/db"],
                "--study counts its budget in trials across all workers"
            },
            {
                ["optimize", "--slo", "200ms", "--study", "fleet-a", "--claim-timeout", "0s"],
                "--claim-timeout must be a duration of at least 1s"
            },
            {
                ["optimize", "--slo", "200ms", "--study", "fleet-a", "--nightly", "--store", "postgres://u@h/db"],
                "--study cannot be combined with --nightly"
            },
            // An option the run would not use is refused by name, never ignored.
            {
                ["optimize", "--slo", "200ms", "--claim-timeout", "60s"],
                "--claim-timeout is the claim timeout of a --study: add --study NAME"
            },
            {
                ["optimize", "--slo", "200ms", "--force"],
                "--force writes into a non-empty --out folder: add --out DIR"
            },
            {
                ["optimize", "--slo", "200ms", "--noise", "0.05"],
                "--noise adds noise to replayed measurements, and sim is not a replay"
            },
            {
                ["govern", "--plan", "latest", "--print-dynamo-annotation", "--gpus", "0"],
                "--gpus is not used by --print-dynamo-annotation"
            },
        };

    private static readonly string[] Replay =
    [
        "optimize",
        "--target",
        "replay:lm-arena-chat",
        "--model",
        "Qwen/Qwen3-8B",
        "--slo",
        "p50 itl<=30ms",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputGetsOneClearLineAndExitCode2(string[] args, string expected)
    {
        var run = await CliRun.RunAsync([.. args, "--state-dir", _state.Path]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(expected);
        run.Error.Should().NotContain("   at ").And.NotContain("Exception");
        run.Error.Trim().Split('\n').Should().HaveCount(1);
        run.Error.Should().NotContain("s3cret", "a password never reaches the terminal");
    }

    [Fact]
    public async Task ABrokenYamlSpaceNamesItsLine()
    {
        var path = _state.File("broken.yaml");
        await File.WriteAllTextAsync(path, "name: x\nknobs:\n  - name: a\n    kind: nonsense\n    values: [1]\n");

        var run = await CliRun.RunAsync("optimize", "--space", path, "--slo", "200ms", "--state-dir", _state.Path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain($"{path}:4:11: knob 'a' has unknown kind 'nonsense'");
    }

    [Fact]
    public async Task AMisspelledSectionOfASpaceIsUnknownWithItsLine()
    {
        var path = _state.File("typo.yaml");
        await File.WriteAllTextAsync(
            path,
            "name: x\nknobs:\n  - name: a\n    kind: server_argument\n    values: [1]\nsever:\n  port: 1\n"
        );

        var run = await CliRun.RunAsync("optimize", "--space", path, "--slo", "200ms", "--state-dir", _state.Path);

        run.ExitCode.Should().Be(2);
        run.Error.Trim()
            .Should()
            .StartWith($"mlenergy: {path}:6: unknown section 'sever'; known sections: ")
            .And.EndWith("server, trial");
        run.Error.Trim().Split('\n').Should().HaveCount(1);
    }

    [Fact]
    public async Task AKnobThatIsNotOutputPreservingIsRefused()
    {
        var path = _state.File("space.yaml");
        await File.WriteAllTextAsync(
            path,
            """
            target: replay:lm-arena-chat
            model: Qwen/Qwen3-8B
            gpu_model: H100
            knobs:
              - { name: gpu_model, kind: hardware, values: [H100] }
              - { name: num_gpus, kind: hardware, values: [1] }
              - { name: tensor_parallel, kind: tensor_parallel, values: [1] }
              - { name: expert_parallel, kind: server_argument, values: [1] }
              - { name: data_parallel, kind: replicas, values: [1] }
              - { name: max_num_seqs, kind: server_batch_size, values: [8, 512], output_preserving: false }
            """
        );

        var run = await CliRun.RunAsync(
            "optimize",
            "--space",
            path,
            "--slo",
            "p50 itl<=30ms",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("'max_num_seqs' is not output preserving");
    }
}
