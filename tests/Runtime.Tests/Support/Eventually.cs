using System.Diagnostics;
using Xunit.Sdk;

namespace MLEnergy.Runtime.Tests.Support;

/// <summary>
/// Waits for what a test is about to assert on (a request sent, a process started, a file written) by polling it,
/// so that the outcome does not depend on how fast the machine is; the limit only bounds a hang.
/// </summary>
internal static class Eventually
{
    /// <summary>Long enough for a heavily loaded machine; reached only when the condition never comes true.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            ThrowIfPast(started, what);
            await Task.Delay(Poll);
        }
    }

    public static void True(Func<bool> condition, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            ThrowIfPast(started, what);
            Thread.Sleep(Poll);
        }
    }

    private static void ThrowIfPast(long started, string what)
    {
        if (Stopwatch.GetElapsedTime(started) > Limit)
        {
            throw new XunitException($"waited {Limit.TotalSeconds:0} s for {what}");
        }
    }
}
