using MLEnergy.Units;

namespace MLEnergy.Profiler.Rapl;

/// <summary>
/// Finds and reads RAPL zones under a powercap root (<c>/sys/class/powercap</c> on Linux; a folder in tests).
/// </summary>
public sealed class RaplReader
{
    public const string DefaultRoot = "/sys/class/powercap";

    public RaplReader(string root = DefaultRoot) => Root = root;

    public string Root { get; }

    /// <summary>Every <c>intel-rapl*</c> zone found, readable or not; empty where there is no powercap.</summary>
    public IReadOnlyList<RaplDomain> FindDomains()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var domains = new List<RaplDomain>();
        foreach (var directory in Directory.EnumerateDirectories(Root, "intel-rapl:*").Order(StringComparer.Ordinal))
        {
            var zone = Path.GetFileName(directory);
            var nameFile = Path.Combine(directory, "name");
            if (!File.Exists(nameFile))
            {
                continue;
            }

            var (kind, namedPackage) = RaplParser.ParseName(File.ReadAllText(nameFile));
            var package = namedPackage ?? RaplParser.ParseZonePackage(zone) ?? 0;
            var maxRange = TryRead(Path.Combine(directory, "max_energy_range_uj"), out var range, out _)
                ? range
                : Energy.Zero;
            var readable = TryRead(Path.Combine(directory, "energy_uj"), out _, out var problem);
            domains.Add(
                new RaplDomain(
                    zone,
                    File.ReadAllText(nameFile).Trim(),
                    kind,
                    package,
                    directory,
                    maxRange,
                    readable ? null : problem
                )
            );
        }

        return domains;
    }

    /// <summary>The domain's counter now (it wraps at <see cref="RaplDomain.MaxRange"/>).</summary>
    public static Energy ReadCounter(RaplDomain domain) =>
        RaplParser.ParseMicrojoules(File.ReadAllText(Path.Combine(domain.Directory, "energy_uj")));

    private static bool TryRead(string path, out Energy value, out string problem)
    {
        value = Energy.Zero;
        problem = string.Empty;
        try
        {
            value = RaplParser.ParseMicrojoules(File.ReadAllText(path));
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            problem = "energy_uj is readable only by root";
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            problem = e.Message;
        }

        return false;
    }
}
