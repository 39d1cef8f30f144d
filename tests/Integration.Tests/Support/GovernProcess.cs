namespace MLEnergy.Integration.Tests.Support;

/// <summary>
/// <c>mlenergy govern</c> as a <see cref="CliProcess"/>: a test waits for a line of its log, then stops it with
/// SIGTERM or kills it outright.
/// </summary>
internal sealed class GovernProcess(IReadOnlyDictionary<string, string> environment, params string[] args) : IDisposable
{
    private readonly CliProcess process = new(environment, ["govern", .. args]);

    public GovernProcess(params string[] args)
        : this(new Dictionary<string, string>(), args) { }

    public string Output => process.Output;

    public int ExitCode => process.ExitCode;

    /// <summary>
    /// Waits until the output has <paramref name="count"/> lines that <paramref name="matches"/>; fails after two
    /// minutes.
    /// </summary>
    public Task WaitForLineAsync(Func<string, bool> matches, string what, int count = 1) =>
        process.WaitUntilAsync(() => Output.Split('\n').Count(matches) >= count, $"logged {what}");

    /// <summary>SIGTERM, as a service manager stops it; waits for the exit.</summary>
    public async Task TerminateAsync()
    {
        await process.SignalAsync("TERM");
        await process.WaitForExitAsync();
    }

    /// <summary>kill -9: nothing of the process runs after it.</summary>
    public async Task KillAsync()
    {
        await process.SignalAsync("KILL");
        await process.WaitForExitAsync();
    }

    public void Dispose() => process.Dispose();
}
