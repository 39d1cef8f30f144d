using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Tests.Load;

/// <summary>
/// The Azure LLM inference trace 2023 as published (data/traces, Azure/AzurePublicDataset @ b469a11): counts checked
/// against the file itself (conv: 19,366 requests over 3,501.7 s; 3,118 of them from 10 to 20 minutes).
/// </summary>
public sealed class AzureTraceTests : IDisposable
{
    private static readonly string Conv = RepositoryPaths.Data("traces", "AzureLLMInferenceTrace_conv.csv");
    private static readonly string Code = RepositoryPaths.Data("traces", "AzureLLMInferenceTrace_code.csv");

    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void TheConversationTraceIsReadWithArrivalsFromItsFirstRequest()
    {
        var lines = TraceFileReader.ReadLines(Conv);

        lines.Should().HaveCount(19_366);
        lines[0].Should().Be(new TraceLine(TimeSpan.Zero, null, 374, 44));
        // 2023-11-16 18:15:50.9951690 - 18:15:46.6805900
        lines[1].Arrival.Should().Be(TimeSpan.FromTicks(43_145_790));
        lines[1].PromptTokens.Should().Be(396);
        lines[1].MaxTokens.Should().Be(109);
        lines[^1].Arrival.TotalSeconds.Should().BeApproximately(3501.72, 0.01);
    }

    [Fact]
    public void ASliceKeepsTheRequestsArrivingInItAndStartsThemAtZero()
    {
        var slice = LoadSpec.Parse("trace:x.csv,slice=10m..20m").Selection;

        var lines = TraceFileReader.ReadLines(Conv, slice);
        var code = TraceFileReader.ReadLines(Code, slice);

        lines.Should().HaveCount(3_118);
        code.Should().HaveCount(2_146);
        lines[0].Arrival.Should().BeLessThan(TimeSpan.FromSeconds(1));
        lines[^1].Arrival.Should().BeLessThan(TimeSpan.FromSeconds(600));
    }

    [Fact]
    public void AScaleOfTwoHalvesEveryArrivalTimeAndKeepsTheLengths()
    {
        var plain = TraceFileReader.ReadLines(Conv, LoadSpec.Parse("trace:x,slice=10m..20m").Selection);
        var doubled = TraceFileReader.ReadLines(Conv, LoadSpec.Parse("trace:x,slice=10m..20m,scale=2").Selection);

        doubled.Should().HaveCount(plain.Length);
        doubled[^1].Arrival.TotalSeconds.Should().BeApproximately(plain[^1].Arrival.TotalSeconds / 2, 1e-6);
        doubled
            .Select(l => (l.PromptTokens, l.MaxTokens))
            .Should()
            .Equal(plain.Select(l => (l.PromptTokens, l.MaxTokens)));
    }

    [Fact]
    public void TheShortNamesAreTheShippedCopies()
    {
        ShippedTraces.Resolve("azure-conv").Should().EndWith(Path.Combine("data", "traces", Path.GetFileName(Conv)));
        ShippedTraces.Resolve("azure-code").Should().EndWith(Path.Combine("data", "traces", Path.GetFileName(Code)));
        ShippedTraces.Resolve("mine.jsonl").Should().Be("mine.jsonl");
    }

    [Theory]
    [InlineData("2023-11-16 18:15:47.0,abc,44", "line 3: ContextTokens must be a whole number*'abc'")]
    [InlineData("2023-11-16 18:15:47.0,374", "line 3: expected TIMESTAMP,ContextTokens,GeneratedTokens*")]
    [InlineData("yesterday,374,44", "line 3: TIMESTAMP 'yesterday' is not a date and time")]
    [InlineData("2023-11-16 18:15:45.0,374,44", "line 3: TIMESTAMP goes back in time")]
    [InlineData("2023-11-16 18:15:47.0,374,0", "line 3: GeneratedTokens must be a whole number from 1*")]
    public void ABadRowIsNamedByItsLineNumber(string row, string expected)
    {
        File.WriteAllLines(_path, [AzureTraceParser.Header, "2023-11-16 18:15:46.6805900,374,44", row]);

        var read = () => TraceFileReader.ReadLines(_path);

        read.Should().Throw<LoadSpecException>().WithMessage($"{_path} {expected}");
    }

    [Fact]
    public void AnEmptySliceIsRefused()
    {
        var read = () => TraceFileReader.ReadLines(Conv, LoadSpec.Parse("trace:x,slice=2h..3h").Selection);

        read.Should().Throw<LoadSpecException>().WithMessage("*has no requests in slice=7200s..10800s");
    }

    [Theory]
    [InlineData("trace:a.csv,scale=0", "*scale must be a number above 0*")]
    [InlineData("trace:a.csv,slice=20m..10m", "*slice must be FROM..TO*")]
    [InlineData("trace:a.csv,slice=soon", "*slice must be FROM..TO*")]
    public void BadTraceOptionsAreRefusedWithTheForm(string text, string expected)
    {
        var parse = () => LoadPlanParser.ParseSpec(text);

        parse.Should().Throw<LoadSpecException>().WithMessage(expected);
    }

    [Fact]
    public void TheOptionsReadBackFromTheirOwnText()
    {
        var spec = LoadSpec.Parse("trace:dir,with,comma/a.csv,slice=10m..20m,scale=2");

        spec.TracePath.Should().Be("dir,with,comma/a.csv");
        spec.Selection.Should().Be(new TraceSelection(2, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20)));
        LoadSpec.Parse(spec.ToString()).Should().Be(spec);
    }

    [Fact]
    public async Task TheSimulatedHostAndTheLoadGeneratorReplayTheSameArrivalsAndLengths()
    {
        // 10 s of the code trace at ten times its rate: every request arrives within the first second.
        const string Load = ",slice=600s..610s,scale=10";
        var spec = LoadPlanParser.ParseSpec("trace:" + Code + Load);
        var expected = TraceFileReader.ReadLines(Code, spec.Selection);
        var length = expected[^1].Arrival.TotalSeconds;

        var simulated = SimulatedHosts
            .CreateDefault()
            .Run(
                new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", Replicas: 8, MaxNumSeqs: 256),
                spec,
                TimeSpan.Zero,
                TimeSpan.FromSeconds(60),
                seed: 1
            );
        var simulatedFirstPass = simulated
            .Requests.Where(r => r.Arrival.TotalSeconds <= length)
            .OrderBy(r => r.Arrival)
            .Select(r => (Math.Round(r.Arrival.TotalSeconds, 6), r.PromptTokens, r.OutputTokens));

        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.Zero);
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var client = new OpenAiStreamingClient(http, new OpenAiClientOptions(server.BaseUrl, "m"), TimeProvider.System);
        await using var run = LoadRun.Start(
            client,
            LoadPlanParser.Parse("trace:" + Code + Load),
            PromptSet.Synthetic(1, (1, 1), (1, 1)),
            TimeProvider.System,
            CancellationToken.None
        );
        // Every arrival is due within the first second; a busy machine may dispatch later, so wait until all are
        // rather than for a fixed time.
        await Eventually.TrueAsync(() => run.Offered().Count >= expected.Length, "every arrival to go out");

        var records = await run.StopAsync(Eventually.Limit);
        var due = run.Offered().Take(expected.Length).ToList();

        expected.Should().HaveCount(88, "88 requests of the code trace arrive from 600 to 610 s");
        simulatedFirstPass
            .Should()
            .Equal(expected.Select(l => (Math.Round(l.Arrival.TotalSeconds, 6), l.PromptTokens, l.MaxTokens)));
        due.Should().Equal(expected.Select(l => l.Arrival));
        records
            .OrderBy(r => r.Start)
            .Take(expected.Length)
            .Select(r => r.OutputTokens)
            .Should()
            .BeEquivalentTo(expected.Select(l => l.MaxTokens));
    }
}
