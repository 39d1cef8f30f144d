using System.Globalization;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Rapl;

/// <summary>Pure parsing of powercap files and counter arithmetic; <see cref="RaplReader"/> does the reading.</summary>
public static class RaplParser
{
    /// <summary>Reads a zone's <c>name</c> file (<c>package-0</c>, <c>dram</c>, <c>core</c>, <c>psys</c>).</summary>
    public static (RaplDomainKind Kind, int? Package) ParseName(string text)
    {
        var name = text.Trim();
        if (
            name.StartsWith("package-", StringComparison.Ordinal)
            && int.TryParse(
                name.AsSpan("package-".Length),
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var package
            )
        )
        {
            return (RaplDomainKind.Package, package);
        }

        var kind = name switch
        {
            "dram" => RaplDomainKind.Dram,
            "core" => RaplDomainKind.Core,
            "uncore" => RaplDomainKind.Uncore,
            "psys" => RaplDomainKind.Psys,
            _ => RaplDomainKind.Other,
        };
        return (kind, null);
    }

    /// <summary>Reads <c>energy_uj</c> or <c>max_energy_range_uj</c>.</summary>
    public static Energy ParseMicrojoules(string text) =>
        ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var microjoules)
            ? Energy.FromMicrojoules(microjoules)
            : throw new FormatException($"not a microjoule counter: '{text.Trim()}'");

    /// <summary>
    /// Package number of a zone directory name: <c>intel-rapl:1</c> and <c>intel-rapl:1:0</c> give 1.
    /// </summary>
    public static int? ParseZonePackage(string zone)
    {
        var parts = zone.Split(':');
        return
            parts.Length >= 2
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var package)
            ? package
            : null;
    }

    /// <summary>
    /// Energy between two counter values, counting one wrap at <paramref name="maxRange"/> when the counter went down.
    /// </summary>
    public static Energy Delta(Energy previous, Energy current, Energy maxRange) =>
        current >= previous ? current - previous : maxRange - previous + current;
}
