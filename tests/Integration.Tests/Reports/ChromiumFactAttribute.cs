namespace MLEnergy.Integration.Tests.Reports;

/// <summary>
/// A test that drives Debian's Chromium: skipped, with the reason, where /usr/bin/chromium is missing.
/// </summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
        {
            Skip =
                $"{Executable} is not installed (apt-get install -y chromium); the report is not opened in a "
                + $"browser here";
        }
    }
}
