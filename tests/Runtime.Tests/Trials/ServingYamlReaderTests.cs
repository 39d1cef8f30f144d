using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Tests.Trials;

public sealed class ServingYamlReaderTests : IDisposable
{
    private const string Space = """
        name: serving
        model: Qwen/Qwen3-8B
        knobs:
          - name: max_num_seqs
            kind: server_batch_size
            values: [16, 64]
        server:
          command: ["vllm", "serve", "{model}", "--max-num-seqs", "{max_num_seqs}", "--port", "{port}"]
          port: 8123
        trial:
          warmup: 2s
          window: 7s
        """;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TheServerAndTrialSectionsAreReadFromTheParsedDocumentNotFromTheFileAgain()
    {
        var path = _temp.File("space.yaml");
        File.WriteAllText(path, Space);
        var document = SearchSpaceYamlReader.ReadDocument(path);
        File.Delete(path);

        var (server, trial) = ServingYamlReader.Read(document);

        server
            .Command.Should()
            .Equal("vllm", "serve", "{model}", "--max-num-seqs", "{max_num_seqs}", "--port", "{port}");
        server.Port.Should().Be(8123);
        trial.Warmup.Should().Be(TimeSpan.FromSeconds(2));
        trial.Window.Should().Be(TimeSpan.FromSeconds(7));
        ServingYamlReader.HasServer(document).Should().BeTrue();
    }

    [Fact]
    public void TheSearchSpaceHandsTheRuntimeSectionsBackWithTheirLines()
    {
        var document = SearchSpaceYamlReader.Parse(Space, "space.yaml");

        document.OtherSections.Select(s => (s.Name, s.Line)).Should().Equal(("server", 7L), ("trial", 10L));
        document.ThrowIfUnclaimed(ServingYamlReader.Sections);
    }

    [Fact]
    public void AMisspelledSectionIsUnknownWithItsFileAndLine()
    {
        var misspelled = Space.Replace("trial:", "trail:", StringComparison.Ordinal);
        var document = SearchSpaceYamlReader.Parse(misspelled, "space.yaml");

        var claim = () => document.ThrowIfUnclaimed(ServingYamlReader.Sections);

        claim
            .Should()
            .Throw<SearchSpaceException>()
            .Where(e => e.Line == 10)
            .WithMessage("space.yaml:10: unknown section 'trail'; known sections: *knobs*baseline, server, trial");
    }
}
