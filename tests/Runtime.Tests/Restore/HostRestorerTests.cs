using System.Diagnostics;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Restore;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Restore;

public sealed class HostRestorerTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("mlenergy-restore-").FullName;

    [Fact]
    public async Task AJournalLeftByAKilledRunStopsItsServerAndPutsTheGpuBack()
    {
        using var orphan = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var left = HostJournal.Open(_state);
        left.Record(JournalEntry.Server(orphan.Id, orphan.StartTime.ToUniversalTime(), "sleep 60"));
        left.Record(JournalEntry.Clocks(0, "GPU-0"));
        left.Record(JournalEntry.PowerLimit(0, "GPU-0", 650));
        var control = new FakeGpuControl(1);

        var lines = await new HostRestorer(() => control, TimeSpan.FromSeconds(5)).RestoreAsync(
            HostJournal.Open(_state),
            CancellationToken.None
        );

        orphan.WaitForExit(5000).Should().BeTrue();
        control.Calls.Should().Equal("reset 0", "limit 0 650");
        lines.Should().HaveCount(3);
        HostJournal.Open(_state).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task AGpuNoLongerOnTheHostIsLeftForAPersonAndStaysJournaled()
    {
        var left = HostJournal.Open(_state);
        left.Record(JournalEntry.PowerLimit(0, "GPU-other", 650));
        var control = new FakeGpuControl(1);

        var lines = await new HostRestorer(() => control, TimeSpan.FromSeconds(1)).RestoreAsync(
            left,
            CancellationToken.None
        );

        control.Calls.Should().BeEmpty();
        lines.Single().Should().EndWith("GPU GPU-other is not on this host now");
        HostJournal.Open(_state).Entries.Should().ContainSingle();
    }

    [Fact]
    public async Task AProcessWhoseCommandLineOrStartTimeDoesNotMatchIsLeftAlone()
    {
        using var unrelated = Process.Start(new ProcessStartInfo("sleep", "61") { UseShellExecute = false })!;
        var start = unrelated.StartTime.ToUniversalTime();
        var left = HostJournal.Open(_state);
        var launched = JournalEntry.ServerIntent(["vllm", "serve", "model"], "vllm serve model");
        left.Record(launched.Started(unrelated.Id, start));
        left.Record(JournalEntry.ServerIntent(["sleep", "61"], "sleep 61").Started(unrelated.Id, null));

        var lines = await new HostRestorer(() => null, TimeSpan.FromSeconds(1)).RestoreAsync(
            left,
            CancellationToken.None
        );

        unrelated.HasExited.Should().BeFalse("neither entry names this process for sure");
        lines[0].Should().StartWith($"server process {unrelated.Id} had already exited");
        lines[1].Should().Contain("no start time was recorded").And.Contain("left alone");
        unrelated.Kill();
    }

    [Fact]
    public async Task AServerJournaledWithItsArgumentsIsStoppedThroughAnExecWrapper()
    {
        using var server = Process.Start(
            new ProcessStartInfo("sh", ["-c", "exec sleep \"$0\"", "62"]) { UseShellExecute = false }
        )!;
        // The journaled arguments are the wrapper's: wait until the shell has become the server.
        await Eventually.TrueAsync(
            () => CommandLine(server.Id).StartsWith("sleep\0", StringComparison.Ordinal),
            "the exec"
        );
        var left = HostJournal.Open(_state);
        left.Record(
            JournalEntry
                .ServerIntent(["sh", "-c", "exec sleep \"$0\"", "62"], "sh -c ...")
                .Started(server.Id, server.StartTime.ToUniversalTime())
        );

        var lines = await new HostRestorer(() => null, TimeSpan.FromSeconds(5)).RestoreAsync(
            left,
            CancellationToken.None
        );

        server.WaitForExit(5000).Should().BeTrue();
        lines.Single().Should().StartWith($"stopped server process {server.Id}");
    }

    [Fact]
    public async Task AServerKilledBeforeItsIdWasJournaledIsFoundByItsLaunchTokenAndNothingElseIs()
    {
        var intent = JournalEntry.ServerIntent(["sleep", "63"], "sleep 63");
        using var launched = StartWithToken("63", intent.Launch!);
        using var other = StartWithToken("64", JournalEntry.ServerIntent(["sleep", "64"], "sleep 64").Launch!);
        await Task.Delay(200);
        var left = HostJournal.Open(_state);
        left.Record(intent);

        var lines = await new HostRestorer(() => null, TimeSpan.FromSeconds(1)).RestoreAsync(
            left,
            CancellationToken.None
        );

        launched.WaitForExit(5000).Should().BeTrue();
        other.HasExited.Should().BeFalse("another launch's token is not this one");
        lines.Single().Should().StartWith("stopped 1 process of a server that was being started");
        other.Kill();
    }

    [Fact]
    public async Task WhatAnExitedServerLeftRunningIsStoppedByItsLaunchToken()
    {
        var intent = JournalEntry.ServerIntent(["sleep", "65"], "sleep 65");
        using var child = StartWithToken("65", intent.Launch!);
        // The leader's start time is read while it runs (a process that has exited and been reaped has none), then
        // it exits, as a server's launcher does when it has started its workers.
        using var leader = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var start = leader.StartTime.ToUniversalTime();
        leader.Kill();
        leader.WaitForExit();
        var left = HostJournal.Open(_state);
        left.Record(intent.Started(leader.Id, start));

        var lines = await new HostRestorer(() => null, TimeSpan.FromSeconds(1)).RestoreAsync(
            left,
            CancellationToken.None
        );

        child.WaitForExit(5000).Should().BeTrue();
        lines.Single().Should().Contain("had already exited; stopped 1 process it had started");
    }

    private static string CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static Process StartWithToken(string seconds, string token)
    {
        var start = new ProcessStartInfo("sleep", seconds) { UseShellExecute = false };
        start.Environment[MLEnergy.Runtime.Servers.ProcessSignals.LaunchVariable] = token;
        return Process.Start(start)!;
    }

    [Fact]
    public async Task AnEmptyJournalRestoresNothing()
    {
        var lines = await new HostRestorer(
            () => throw new InvalidOperationException("must not open GPUs"),
            TimeSpan.FromSeconds(1)
        ).RestoreAsync(HostJournal.Open(_state), CancellationToken.None);

        lines.Should().BeEmpty();
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
