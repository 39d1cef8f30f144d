using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Targets.Http;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Targets;

public sealed class HttpTargetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task ServerKnobsThatAreNotPinnedCannotBeTunedOnAnExternalServer()
    {
        var document = Space(
            """
              - name: max_num_seqs
                kind: server_batch_size
                values: [16, 64]
              - name: power_limit_w
                kind: gpu_power_limit
                values: [400, 700]
            """
        );

        var create = () => CreateAsync(document);

        await create
            .Should()
            .ThrowAsync<TargetException>()
            .WithMessage(
                "*max_num_seqs cannot be changed on an external server*pin it to what the server runs (--set "
                    + "max_num_seqs=VALUE) or drop it from the space"
            );
    }

    [Fact]
    public async Task AnUnreachableServerIsOneClearErrorBeforeAnythingIsTouched()
    {
        var document = Space(
            """
              - name: max_num_seqs
                kind: server_batch_size
                values: [64]
            """
        );

        var create = () => CreateAsync(document);

        await create
            .Should()
            .ThrowAsync<TargetException>()
            .WithMessage("cannot reach the server at http://127.0.0.1:1/ (GET http://127.0.0.1:1/v1/models: *");
        Directory.Exists(_temp.File("state")).Should().BeFalse();
    }

    [Fact]
    public async Task AnExternalServerNeedsASpace()
    {
        var create = () => CreateAsync(null);

        await create.Should().ThrowAsync<TargetException>().WithMessage("--target http://127.0.0.1:1 needs --space*");
    }

    [Fact]
    public async Task ADryRunWithoutNvmlDescribesTheGpusFromTheGpuData()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(1));
        var path = _temp.File("gpu-knobs.yaml");
        File.WriteAllText(
            path,
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "search-spaces", "gpu-knobs.yaml"))
        );
        var setup = await HttpTargetBuilder.CreateAsync(
            Request() with
            {
                DryRun = true,
                Model = "test-model",
            },
            (TargetSpec.ExternalServer)TargetSpec.Parse(server.BaseUrl.ToString()),
            SearchSpaceYamlReader.ReadDocument(path),
            TimeProvider.System,
            CancellationToken.None
        );

        await using var session = await setup.OpenAsync(CancellationToken.None);
        var changes = session.DescribeChanges([setup.Space.Baseline!.With("sm_clock_cap_mhz", KnobValue.Of(765))]);

        session.Notices.Should().ContainSingle().Which.Should().Contain("describes 1 H100-SXM-80GB GPU from");
        changes.Should().Contain(l => l.Contains("would lock gpu0 SM clocks to 345-765 MHz"));
    }

    private OptimizeRequest Request() =>
        new()
        {
            Slo = SloParser.ParseAll(["200ms"]),
            StateDirectory = _temp.File("state"),
            Model = "Qwen/Qwen3-8B",
        };

    private Task<TargetSetup> CreateAsync(SpaceDocument? document) =>
        HttpTargetBuilder.CreateAsync(
            Request(),
            (TargetSpec.ExternalServer)TargetSpec.Parse("http://127.0.0.1:1"),
            document,
            TimeProvider.System,
            CancellationToken.None
        );

    private SpaceDocument Space(string knobs)
    {
        var path = _temp.File("space.yaml");
        File.WriteAllText(path, $"name: external\nknobs:\n{knobs}\n");
        return SearchSpaceYamlReader.ReadDocument(path);
    }

    public void Dispose() => _temp.Dispose();
}
