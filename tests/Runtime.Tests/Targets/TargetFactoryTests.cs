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

        await create.Should().ThrowAsync<TargetException>().WithMessage($"{path}: unknown target 'sim:h100'*");
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
