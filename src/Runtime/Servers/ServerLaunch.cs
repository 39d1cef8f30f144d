namespace MLEnergy.Runtime.Servers;

/// <summary>One rendered launch of a server: the exact argument list and where it will listen.</summary>
public sealed record ServerLaunch(IReadOnlyList<string> Arguments, Uri BaseUrl, Uri HealthUrl)
{
    /// <summary>The command as one line for logs and dry runs (arguments quoted where they hold spaces).</summary>
    public string Display =>
        string.Join(" ", Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
