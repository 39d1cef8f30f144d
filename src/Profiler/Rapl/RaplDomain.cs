using MLEnergy.Units;

namespace MLEnergy.Profiler.Rapl;

/// <summary>
/// One powercap RAPL zone, e.g. <c>intel-rapl:0</c> named <c>package-0</c>. <see cref="MaxRange"/> is where its
/// counter wraps to zero. <see cref="Unreadable"/> says why its counter cannot be read (commonly: root only).
/// </summary>
public sealed record RaplDomain(
    string Zone,
    string Name,
    RaplDomainKind Kind,
    int Package,
    string Directory,
    Energy MaxRange,
    string? Unreadable = null
)
{
    public bool IsReadable => Unreadable is null;

    /// <summary>The source name meters and reports use: <c>cpu0-package</c>, <c>cpu0-dram</c>.</summary>
    public string SourceName => $"cpu{Package}-{Kind.ToString().ToLowerInvariant()}";
}
