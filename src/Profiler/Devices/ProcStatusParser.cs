using System.Globalization;

namespace MLEnergy.Profiler.Devices;

/// <summary>Pure parsing of <c>/proc/[pid]/status</c>: the effective UID and the effective capability set.</summary>
public static class ProcStatusParser
{
    /// <summary>Bit number of CAP_SYS_ADMIN in a capability mask.</summary>
    public const int CapSysAdmin = 21;

    public static ProcessPrivileges Parse(string statusText)
    {
        int? effectiveUid = null;
        ulong capabilities = 0;
        foreach (var line in statusText.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (key == "Uid")
            {
                var fields = value.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                effectiveUid =
                    fields.Length > 1
                    && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                        ? uid
                        : null;
            }
            else if (key == "CapEff")
            {
                capabilities = ulong.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
                    ? mask
                    : 0;
            }
        }

        return new ProcessPrivileges(effectiveUid == 0, (capabilities & (1UL << CapSysAdmin)) != 0);
    }
}
