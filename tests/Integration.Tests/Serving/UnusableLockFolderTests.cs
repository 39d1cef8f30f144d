using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// A lock folder that cannot be used (here one that cannot be made, as on a read-only disk) is not a GPU or state
/// directory another mlenergy process holds: one line naming the path and the system's error, exit 2, not exit 6.
/// </summary>
public sealed class UnusableLockFolderTests
{
    [Fact]
    public async Task ALockFolderThatCannotBeMadeIsOneLineWithExitCode2NotABusyHost()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("a-file"), "");
        var folder = Path.Combine(temp.File("a-file"), "locks");
        var environment = new Dictionary<string, string> { [LockDirectory.Variable] = folder };
        HostJournal
            .Open(temp.File("state"))
            .Record(JournalEntry.PowerLimit(0, "GPU-5a1f0c3e-0000-4000-8000-000000000000", 700, settingWatts: 300));

        var restore = await CliProcess.RunAsync(environment, "restore", "--state-dir", temp.File("state"));

        restore.ExitCode.Should().Be(2, restore.Output);
        restore
            .Output.Should()
            .Contain($"mlenergy: cannot create the lock folder {folder}: ")
            .And.NotContain("in use by another mlenergy process")
            .And.NotContain("internal error");
    }
}
