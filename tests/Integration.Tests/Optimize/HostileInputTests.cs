using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Optimize;

/// <summary>
/// Input made to break the tool: each is one line on stderr and exit 2, quickly, with nothing written and no stack
/// trace.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string SimHeader = "name: hostile\ntarget: sim\nmodel: Qwen/Qwen3-8B\ngpu_model: H100-SXM-80GB\n";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> Spaces() =>
        new()
        {
            { "knobs: &a\n  ? *a\n  : 1\n", "refers to the node that contains it" },
            { "knobs: " + new string('[', 10_000) + new string(']', 10_000) + "\n", "nested deeper than 64" },
            { Range("max: 1e309"), "expected a finite number, found '1e309'" },
            { Range("max: NaN"), "expected a finite number, found 'NaN'" },
            { Product(7, 10), "at most 1,000,000 can be searched" },
            { Product(10, 10) + "constraints:\n  - k0 > 100\n", "at most 1,000,000 can be searched" },
        };

    [Theory]
    [MemberData(nameof(Spaces))]
    public async Task AHostileSpaceIsOneLineAndExitCode2(string body, string expected)
    {
        var space = _temp.File("space.yaml");
        await File.WriteAllTextAsync(space, SimHeader + body);

        var run = await RunAsync("--space", space);

        Check(run, expected);
    }

    [Theory]
    [InlineData("  port: 70000", "'port' must be a whole number from 1 to 65535, not '70000'")]
    [InlineData("  port: 99999999999", "'port' must be a whole number from 1 to 65535")]
    [InlineData("  base_url: 'ht!tp://[bad'", "'base_url' must be an http(s) URL")]
    public async Task AHostileServerSectionIsOneLineAndExitCode2(string server, string expected)
    {
        var space = _temp.File("served.yaml");
        await File.WriteAllTextAsync(
            space,
            "name: served\nmodel: Qwen/Qwen3-8B\nknobs:\n  - name: max_num_seqs\n    kind: server_batch_size\n"
                + "    values: [16]\nserver:\n  command: [\"true\", \"{port}\"]\n"
                + server
                + "\n"
        );

        var run = await RunAsync("--space", space);

        Check(run, expected);
    }

    [Theory]
    [InlineData("--slo", "p99 tpot<=1e308s", "longer than 366 days")]
    [InlineData("--budget", "999999999h", "at most 366 days")]
    [InlineData("--noise", "NaN", "--noise")]
    public async Task AHostileNumberOnTheCommandLineIsOneLineAndExitCode2(string option, string value, string expected)
    {
        var run = await RunAsync(option, value);

        Check(run, expected);
    }

    [Fact]
    public async Task AMeasureIntervalBeyondAnyDurationIsOneLineAndExitCode2()
    {
        var run = await CliRun.RunAsync("measure", "--interval", "1e300h", "--", "true");

        run.ExitCode.Should().Be(2, run.Error);
        run.ErrorLines.Should().ContainSingle();
        run.Error.Should().NotContain("internal error");
    }

    [Theory]
    [InlineData("--load", "concurrency:2147483647", "concurrency must be from 1 to 100000")]
    [InlineData("--load", "trace:/nonexistent.jsonl", "trace file '/nonexistent.jsonl' not found")]
    [InlineData("--load", "trace:/dev/zero", "larger than 64 MiB")]
    public async Task AHostileLoadIsOneLineAndExitCode2(string option, string value, string expected)
    {
        var run = await RunAsync(option, value);

        Check(run, expected);
    }

    [Fact]
    public async Task ReplayOfAnEndlessFileIsRefusedWithoutReadingItAll()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "p50 itl<=30ms",
            "--target",
            "replay:/dev/zero",
            "--model",
            "Qwen/Qwen3-8B",
            "--state-dir",
            _temp.File("state")
        );

        Check(run, "larger than 64 MiB");
    }

    private Task<CliRun> RunAsync(params string[] extra) =>
        CliRun.RunAsync(["optimize", "--slo", "200ms", "--state-dir", _temp.File("state"), .. extra]);

    private void Check(CliRun run, string expected)
    {
        run.ExitCode.Should().Be(2, run.Error);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain(expected);
        run.Error.Should().NotContain("   at ").And.NotContain("internal error");
        Directory.Exists(Path.Combine(_temp.File("state"), "runs")).Should().BeFalse("nothing is written");
    }

    private static string Range(string max) =>
        $"knobs:\n  - name: power_limit_w\n    kind: gpu_power_limit\n    range: {{ min: 300, {max}, step: 1 }}\n";

    /// <summary><paramref name="knobs"/> server-argument knobs of <paramref name="values"/> values each.</summary>
    private static string Product(int knobs, int values) =>
        "knobs:\n"
        + string.Concat(
            Enumerable
                .Range(0, knobs)
                .Select(i =>
                    $"  - name: k{i}\n    kind: server_argument\n    values: "
                    + $"[{string.Join(", ", Enumerable.Range(1, values))}]\n"
                )
        );
}
