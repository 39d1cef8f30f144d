using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Plans;

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

    /// <summary>
    /// A plan of two bands for a p99 TPOT SLO of 50 ms: 900 MHz and 300 W up to 1 req/s, then 650 W above; written to
    /// <paramref name="path"/>, which is returned.
    /// </summary>
    public static string WriteTwoBandPlan(string path)
    {
        var plan = new LoadPlan(
            "p99 tpot<=50ms",
            "tpot_p99_ms",
            50,
            new Configuration([]),
            [
                new(0, 1, 0.5, new Configuration([]), 900, 300, 0.1, 30, 1000, 300, SloVerdict.Met),
                new(1, null, 2, new Configuration([]), null, 650, 0.1, 30, 1000, 500, SloVerdict.Met),
            ]
        );
        File.WriteAllText(path, LoadPlanJson.Write(plan));
        return path;
    }

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
