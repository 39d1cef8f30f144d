using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Servers;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Servers;

/// <summary>
/// Real processes (<c>sleep</c>) launched per server-knob setting; their health is answered by a server on loopback,
/// so each launch's life (journaled, kept, relaunched, stopped) can be watched through /proc and the journal.
/// </summary>
public sealed class ServerManagerTests : IAsyncLifetime, IDisposable
{
    private static readonly Knob[] Knobs =
    [
        new("lifetime", KnobKind.ServerArgument, [KnobValue.Parse("9301.25"), KnobValue.Parse("9302.25")], true),
        new("power_limit_w", KnobKind.GpuPowerLimit, [KnobValue.Of(400), KnobValue.Of(700)], RestartsServer: false),
    ];

    private static readonly Configuration First = Configuration.Of(("lifetime", "9301.25"), ("power_limit_w", "400"));

    private readonly TempFolder _state = new();
    private readonly HttpClient _http = OpenAiStreamingClient.CreateHttpClient();
    private FakeOpenAiServer _health = null!;

    public async Task InitializeAsync() => _health = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(1));

    public async Task DisposeAsync() => await _health.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _state.Dispose();
    }

    [Fact]
    public void OnlyServerKnobsDecideARestartAndTheyRenderIntoTheCommand()
    {
        var manager = Manager(_health.BaseUrl.ToString());

        manager.RestartKey(First).Should().Be("lifetime=9301.25");
        manager.RestartKey(First.With("power_limit_w", KnobValue.Of(700))).Should().Be(manager.RestartKey(First));
        manager
            .Render(First, 8123)
            .Arguments.Should()
            .Equal("sh", "-c", "exec sleep \"$0\"", "9301.25", "8123", "test-model");
        manager
            .DescribeStep(First.With("power_limit_w", KnobValue.Of(700)), First)
            .Should()
            .Be("  keep the running server");
        manager
            .DescribeStep(First.With("lifetime", KnobValue.Parse("9302.25")), First)
            .Should()
            .Be("  would relaunch: sh -c 'exec sleep \"$0\"' 9302.25 <free port> test-model");
    }

    [Fact]
    public async Task AServerIsJournaledKeptForTheSameServerKnobsRelaunchedForOthersAndStoppedOnDispose()
    {
        // Disposed again at the end should an assertion fail first: a server left running would fail later tests.
        await using var manager = Manager(_health.BaseUrl.ToString());

        var server = await manager.EnsureAsync(First, CancellationToken.None);
        var journaled = HostJournal.Open(_state.Path).Entries.Should().ContainSingle().Subject;
        journaled.Kind.Should().Be(JournalEntryKind.ServerProcess);
        journaled.ProcessId.Should().Be(server.ProcessId);
        await Eventually.TrueAsync(() => Running("9301.25"), "the first server's process");

        (await manager.EnsureAsync(First.With("power_limit_w", KnobValue.Of(700)), CancellationToken.None))
            .ProcessId.Should()
            .Be(server.ProcessId);
        var other = First.With("lifetime", KnobValue.Parse("9302.25"));
        var second = await manager.EnsureAsync(other, CancellationToken.None);

        manager.Launches.Should().Be(2);
        Running("9301.25").Should().BeFalse();
        await Eventually.TrueAsync(() => Running("9302.25"), "the second server's process");
        HostJournal.Open(_state.Path).Entries.Should().ContainSingle().Which.ProcessId.Should().Be(second.ProcessId);

        await manager.DisposeAsync();

        Running("9302.25").Should().BeFalse();
        HostJournal.Open(_state.Path).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task AServerThatNeverBecomesHealthyIsStoppedAndForgotten()
    {
        await using var manager = Manager("http://127.0.0.1:9/", startTimeout: TimeSpan.FromSeconds(1));

        var other = First.With("lifetime", KnobValue.Parse("9302.25"));
        var ensure = () => manager.EnsureAsync(other, CancellationToken.None);

        await ensure.Should().ThrowAsync<ServerStartException>().WithMessage("*did not become healthy*");
        Running("9302.25").Should().BeFalse();
        HostJournal.Open(_state.Path).IsEmpty.Should().BeTrue();
        manager.Current.Should().BeNull();
    }

    [Fact]
    public async Task AServerThatExitsAtOnceFailsItsStartWithTheTailOfItsStderrAndLeavesNothingJournaled()
    {
        await using var manager = Manager(
            "http://127.0.0.1:9/",
            command: ["sh", "-c", "echo loading >&2; echo 'CUDA out of memory' >&2; exit 3", "{lifetime}"]
        );

        var ensure = () => manager.EnsureAsync(First, CancellationToken.None);

        await ensure
            .Should()
            .ThrowAsync<ServerStartException>()
            .WithMessage("*exited with code 3*stderr ends: loading | CUDA out of memory*");
        HostJournal.Open(_state.Path).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task AServerIsNotSpawnedWhenItsLaunchCannotBeJournaled()
    {
        await using var manager = Manager(_health.BaseUrl.ToString());
        Directory.CreateDirectory(Path.Combine(_state.Path, HostJournal.FileName + ".tmp")); // as on a full disk

        var ensure = () => manager.EnsureAsync(First, CancellationToken.None);

        await ensure.Should().ThrowAsync<StateDirectoryException>();
        Running("9301.25").Should().BeFalse("nothing may run that the journal does not name");
        manager.Current.Should().BeNull();
    }

    [Fact]
    public async Task TheLaunchIsJournaledWithItsIdStartTimeAndArguments()
    {
        var journal = Path.Combine(_state.Path, HostJournal.FileName);
        var copy = Path.Combine(_state.Path, "seen-by-server.json");
        await using var manager = Manager(
            _health.BaseUrl.ToString(),
            command: ["sh", "-c", "cat \"$0\" > \"$1\"; exec sleep \"$2\"", journal, copy, "{lifetime}"]
        );

        var server = await manager.EnsureAsync(First, CancellationToken.None);

        await Eventually.TrueAsync(
            () => File.Exists(copy) && File.ReadAllText(copy).Contains("9301.25", StringComparison.Ordinal),
            "the server to copy the journal it found"
        );

        File.ReadAllText(copy).Should().Contain("9301.25", "the server found its launch in the journal");
        var entry = HostJournal.Open(_state.Path).Entries.Single();
        entry.ProcessId.Should().Be(server.ProcessId);
        entry.ProcessStart.Should().NotBeNull();
        entry.Arguments.Should().Contain("9301.25");
    }

    [Fact]
    public async Task AProcessTheServerDetachedIsStoppedWithIt()
    {
        await using var manager = Manager(
            _health.BaseUrl.ToString(),
            command: ["sh", "-c", "(sleep \"$0\"5 &); exec sleep \"$0\"", "{lifetime}"]
        );

        await manager.EnsureAsync(First, CancellationToken.None);
        await Eventually.TrueAsync(() => Running("9301.255"), "the process the server detached");

        await manager.StopAsync(CancellationToken.None);

        Running("9301.25").Should().BeFalse();
        await Eventually.TrueAsync(() => !Running("9301.255"), "the detached process to be stopped with the server");
    }

    [Fact]
    public async Task AServerProgramThatDoesNotExistLeavesNoIntentBehind()
    {
        await using var manager = Manager(_health.BaseUrl.ToString(), command: ["/nonexistent/server", "{lifetime}"]);

        var ensure = () => manager.EnsureAsync(First, CancellationToken.None);

        await ensure.Should().ThrowAsync<ServerStartException>();
        HostJournal.Open(_state.Path).IsEmpty.Should().BeTrue();
    }

    private ServerManager Manager(
        string baseUrl,
        TimeSpan? startTimeout = null,
        System.Collections.Immutable.ImmutableArray<string>? command = null
    )
    {
        var spec = new ServerSpec
        {
            Command = command ?? ["sh", "-c", "exec sleep \"$0\"", "{lifetime}", "{port}", "{model}"],
            BaseUrl = baseUrl,
            // A server that answers is healthy at once; the limit only matters to one that never does.
            StartTimeout = startTimeout ?? Eventually.Limit,
            StopGracePeriod = TimeSpan.FromSeconds(2),
        };
        return new ServerManager(spec, Knobs, "test-model", HostJournal.Open(_state.Path), _state.Path, _http);
    }

    /// <summary>
    /// Whether a process has <paramref name="marker"/> among its arguments. A process in the middle of an exec (the
    /// server's setsid, then its shell, exec right after it is started) reads as having none for that moment, which
    /// a machine short of CPU can stretch: wait for a process to show rather than read it once.
    /// </summary>
    private static bool Running(string marker) =>
        Directory
            .EnumerateDirectories("/proc")
            .Any(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Split('\0').Contains(marker);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            });
}
