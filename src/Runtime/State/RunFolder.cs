using System.Globalization;

namespace MLEnergy.Runtime.State;

/// <summary>
/// The folder of one <c>optimize</c> run: result.json, reports, logs. Created and checked writable first.
/// </summary>
public sealed record RunFolder(string Path)
{
    public string ResultFile => System.IO.Path.Combine(Path, "result.json");

    public static RunFolder Create(
        string? explicitDirectory,
        string stateDirectory,
        string spaceName,
        DateTimeOffset now
    )
    {
        var path =
            explicitDirectory
            ?? System.IO.Path.Combine(
                stateDirectory,
                "runs",
                $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Sanitize(spaceName)}"
            );
        try
        {
            Directory.CreateDirectory(path);
            var probe = System.IO.Path.Combine(path, ".write-test");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateDirectoryException($"cannot write the run folder '{path}': {e.Message}", e);
        }

        return new RunFolder(path);
    }

    private static string Sanitize(string name) =>
        new([.. name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
}
