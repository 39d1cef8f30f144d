using System.Globalization;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// A power limit set by someone else after this tool set its own: the GPU is at none of the limits its journal entry
/// says were set, nor at the original. Such a limit is the operator's to keep: a restore leaves it, and so does
/// <c>govern</c> when it changes band. An entry that records no limit set (an older journal) cannot tell.
/// </summary>
public static class HandSetPowerLimit
{
    /// <summary>
    /// The line that says gpu<paramref name="gpu"/>'s limit is left as set by hand, and how to set the original;
    /// null when the GPU is at a limit this tool set or at the original.
    /// </summary>
    public static string? Describe(JournalEntry entry, int gpu, double nowWatts, double originalWatts)
    {
        if (entry.SetPowerLimitsWatts is not { Count: > 0 } set || set.Append(originalWatts).Any(Near(nowWatts)))
        {
            return null;
        }

        var limits = string.Join(" / ", set.Select(w => w.ToString("0.###", CultureInfo.InvariantCulture)));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"gpu{gpu}: power limit left at {nowWatts:0.###} W, set by hand since mlenergy set {limits} W "
                + $"(the original was {originalWatts:0.###} W; 'nvidia-smi -i {gpu} -pl {originalWatts:0.###}' sets it)"
        );
    }

    private static Func<double, bool> Near(double watts) => w => Math.Abs(w - watts) < 0.5;
}
