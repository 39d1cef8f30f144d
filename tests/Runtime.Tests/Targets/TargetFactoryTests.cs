using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Simulation;

namespace MLEnergy.Runtime.Tests.Targets;

/// <summary>The target is chosen by its kind: from <c>--target</c>, else from what the space file says.</summary>
public sealed class TargetFactoryTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TargetFactory _factory = new(
        new ShippedFiles(RepositoryPaths.Data(), Path.Combine(RepositoryPaths.Root, "search-spaces")),
        () => SimulatedHost.CreateDefault()
    );

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WithNoTargetAndNoSpaceTheShippedSpaceRunsOnTheSimulatedHost()
    {
        var setup = await _factory.CreateAsync(Request(), CancellationToken.None);

        setup.Target.Should().Be(new TargetSpec.Simulated());
        setup.IsSimulated.Should().BeTrue();
        setup.Space.Name.Should().Be("sim-h100-llm");
    }

    [Fact]
    public async Task TheShippedSpaceOnItsOwnGpuKeepsItsKnobValues()
    {
        var setup = await _factory.CreateAsync(Request() with { Gpu = "H100" }, CancellationToken.None);

        Values(setup.Space, "sm_clock_cap_mhz")
            .Should()
            .Equal(765, 900, 1035, 1170, 1305, 1440, 1575, 1710, 1845, 1980);
        Values(setup.Space, "power_limit_w").Should().Equal(300, 400, 500, 600, 700);
        setup.Space.Name.Should().Be("sim-h100-llm");
    }

    [Theory]
    [InlineData("V100", 1380, 250, 100)]
    [InlineData("A100-40GB", 1410, 400, 100)]
    [InlineData("B200", 1965, 1000, 200)]
    public async Task TheShippedSpaceOnAnotherGpuSpansThatGpusRangeWithItsDefaultsAsBaseline(
        string gpu,
        double topClock,
        double defaultLimit,
        double lowestLimit
    )
    {
        var setup = await _factory.CreateAsync(Request() with { Gpu = gpu }, CancellationToken.None);

        var clocks = Values(setup.Space, "sm_clock_cap_mhz");
        var limits = Values(setup.Space, "power_limit_w");
        clocks.Should().HaveCount(10).And.BeInAscendingOrder();
        clocks[^1].Should().Be(topClock);
        limits.Should().HaveCount(5).And.BeInAscendingOrder().And.OnlyContain(w => w >= lowestLimit);
        limits[^1].Should().Be(defaultLimit);
        setup.Space.Baseline!.Number("sm_clock_cap_mhz").Should().Be(topClock);
        setup.Space.Baseline!.Number("power_limit_w").Should().Be(defaultLimit);
        setup.Space.Name.Should().NotBe("sim-h100-llm");
    }

    [Fact]
    public async Task ASpaceFileOfTheSimulatedHostIsNotFitted()
    {
        var path = _temp.File("mine.yaml");
        File.WriteAllText(
            path,
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "search-spaces", "sim-h100-llm.yaml"))
        );

        var setup = await _factory.CreateAsync(
            Request() with
            {
                Gpu = "V100",
                SpacePath = path,
            },
            CancellationToken.None
        );

        Values(setup.Space, "power_limit_w").Should().Equal(300, 400, 500, 600, 700);
    }

    [Theory]
    [InlineData("Qwen/Qwen3-8B", 1)] // runs on one H100: the baseline is kept
    [InlineData("meta-llama/Llama-3.1-70B-Instruct", 2)] // 141 GB of weights: the fewest H100s that hold them
    public async Task TheBuiltInSpacesBaselineRunsTheNamedModelOnTheFewestGpusThatHoldIt(string model, int gpus)
    {
        var setup = await _factory.CreateAsync(Request() with { Model = model }, CancellationToken.None);

        setup.Space.Baseline!.Number("tensor_parallel").Should().Be(gpus);
        setup.Space.Baseline!.Number("sm_clock_cap_mhz").Should().Be(1980);
        setup.Space.Baseline!.Number("max_num_seqs").Should().Be(256);
    }

    [Fact]
    public async Task ASimulatedSpacesTrialSectionGovernsItsTrialsWindows()
    {
        var path = _temp.File("trial.yaml");
        File.WriteAllText(
            path,
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "search-spaces", "sim-h100-llm.yaml"))
                + "trial: { warmup: 10s, window: 20s, max_window: 40s }\n"
        );
        var request = Request() with
        {
            SpacePath = path,
            Load = "poisson:1",
            Slo = SloParser.ParseAll(["p99 tpot<=1000ms"]),
        };

        var setup = await _factory.CreateAsync(request, CancellationToken.None);
        await using var session = await setup.OpenAsync(CancellationToken.None);
        var observation = await session.Evaluator.EvaluateAsync(
            new TrialRequest(setup.Space.Baseline!),
            CancellationToken.None
        );

        // 1 req/s cannot decide a p99 in 40 s: the window stops at the space's maximum (10 s warm-up + 40 s); a
        // trial short only of samples is not repeated at once. The defaults would have measured up to 30 s + 300 s.
        observation.HostTime.Should().Be(TimeSpan.FromSeconds(50));
        observation.ShortOfSamples.Should().BeTrue();
    }

    private static List<double> Values(SearchSpace space, string knob) =>
        [.. space.FindKnob(knob)!.Values.Select(v => v.Number!.Value)];

    [Fact]
    public async Task ASpaceWithAServerSectionIsALaunchedServer()
    {
        var path = Write(
            """
            server:
              command: ["vllm", "serve", "{model}", "--port", "{port}"]
              energy_metric: vllm_energy_millijoules
            """
        );

        var setup = await _factory.CreateAsync(Request() with { SpacePath = path }, CancellationToken.None);

        setup.Target.Should().Be(new TargetSpec.LaunchedServer(path));
        setup.Space.Target.Should().Be("server:" + Path.GetFullPath(path));
    }

    [Fact]
    public async Task ASpaceNamingNoTargetIsOneErrorThatNamesTheFile()
    {
        var path = Write("target: sim:h100");

        var create = () => _factory.CreateAsync(Request() with { SpacePath = path }, CancellationToken.None);

        await create.Should().ThrowAsync<SearchSpaceException>().WithMessage($"{path}:8:9: unknown target 'sim:h100'*");
    }

    [Theory]
    [InlineData("load: poisson:x", "8:7: load 'poisson:x': RATE must be a positive number")]
    [InlineData("load: 5", "8:7: load '5': expected saturate, poisson:RATE")]
    [InlineData("workload: chatt", "8:11: workload 'chatt': expected one of lm-arena-chat")]
    [InlineData("gpu_model: H900", "8:12: unknown GPU kind 'H900'; known: H100-SXM-80GB")]
    public async Task AValueTheSpaceFileNamesThatItsReaderRefusesIsPlacedInTheFile(string line, string message)
    {
        // Before, these said "load 'poisson:x': ..." with no file or line: a value a space file gave read as if it had
        // been typed on the command line.
        var path = Write(line);

        var create = () => _factory.CreateAsync(Request() with { SpacePath = path }, CancellationToken.None);

        await create.Should().ThrowAsync<SearchSpaceException>().WithMessage($"{path}:{message}*");
    }

    [Fact]
    public async Task ASectionNeitherTheSpaceNorTheServingHostOwnsIsRefused()
    {
        var path = Write("servre:\n  command: [\"serve\"]");

        var create = () => _factory.CreateAsync(Request() with { SpacePath = path }, CancellationToken.None);

        (await create.Should().ThrowAsync<SearchSpaceException>())
            .Which.Message.Should()
            .StartWith($"{path}:8: unknown section 'servre'")
            .And.EndWith("server, trial");
    }

    [Theory]
    [InlineData("poisson:4", null)]
    [InlineData("trace:azure-conv", null)]
    [InlineData(null, "gpqa")]
    public async Task AReplayRefusesALoadOrWorkloadItsPublishedRowsWereNotMeasuredUnder(string? load, string? workload)
    {
        // Before, a replay took --load poisson:4 silently: no throughput floor applied and the summary said every
        // configuration kept up with a rate none of them was measured at.
        var request = Request() with
        {
            Target = TargetSpec.Parse("replay:lm-arena-chat"),
            Model = "Qwen/Qwen3-8B",
            Load = load,
            Workload = workload,
        };

        var create = () => _factory.CreateAsync(request, CancellationToken.None);

        await create.Should().ThrowAsync<TargetException>().WithMessage("*a replay serves its published measurements*");
    }

    [Fact]
    public async Task AReplayTakesTheSaturatingLoadItWasMeasuredUnder()
    {
        var request = Request() with
        {
            Target = TargetSpec.Parse("replay:lm-arena-chat"),
            Model = "Qwen/Qwen3-8B",
            Load = "saturate",
        };

        var setup = await _factory.CreateAsync(request, CancellationToken.None);

        setup.Target.Should().BeOfType<TargetSpec.Replay>();
    }

    private OptimizeRequest Request() =>
        new() { Slo = SloParser.ParseAll(["200ms"]), StateDirectory = _temp.File("state") };

    private string Write(string extra)
    {
        var path = _temp.File("space.yaml");
        File.WriteAllText(
            path,
            $"""
            name: test
            model: Qwen/Qwen3-8B
            knobs:
              - name: max_num_seqs
                kind: server_batch_size
                values: [16, 64]
            baseline: {"{"} max_num_seqs: 64 {"}"}
            {extra}
            """
        );
        return path;
    }
}
