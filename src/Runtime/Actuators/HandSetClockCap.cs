using System.Globalization;
using MLEnergy.Runtime.Journal;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// An SM clock lock set by someone else after this tool locked its own: the GPU's lock reads back at none of the caps
/// its journal entry says were set. The rule of <see cref="HandSetPowerLimit"/>: such a lock is the operator's to
/// keep, so a restore leaves it, and so does <c>govern</c> when it changes band. A GPU with no lock now was reset
/// (resetting it again changes nothing); an entry that records no cap set (an older journal), or a driver that cannot
/// read a lock back (NVML), cannot tell.
/// </summary>
public static class HandSetClockCap
{
    /// <summary>
    /// The line that says gpu<paramref name="gpu"/>'s lock is left as set by hand, and how to reset it; null when the
    /// GPU is unlocked, at a cap this tool set, or the lock cannot be read back.
    /// </summary>
    public static string? Describe(JournalEntry entry, int gpu, IGpuControl control)
    {
        if (
            entry.SetSmClockCapsMhz is not { Count: > 0 } set
            || !control.TryGetSmClockCap(gpu, out var now)
            || now is not { } cap
            || set.Any(mhz => Math.Abs(mhz - cap.Megahertz) < 0.5)
        )
        {
            return null;
        }

        var caps = string.Join(" / ", set.Select(mhz => mhz.ToString("0", CultureInfo.InvariantCulture)));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"gpu{gpu}: SM clocks left locked at up to {cap.Megahertz:0} MHz, set by hand since mlenergy set "
                + $"{caps} MHz ('nvidia-smi -i {gpu} -rgc' resets them)"
        );
    }
}
