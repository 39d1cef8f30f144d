using System.Globalization;

namespace MLEnergy.Runtime.Locks;

/// <summary>
/// The power limit each GPU had before any mlenergy run changed it, kept beside the host-wide locks (one small file per
/// GPU UUID) whatever the state directory. A run that finds one left by a killed run records that value as the
/// original, not the setting the killed run left; restoring the GPU forgets it. Read and written under the GPU's lock.
/// </summary>
public sealed class HostOriginals(string directory)
{
    /// <summary>The original power limit of the GPU: the one recorded host-wide, else <paramref name="now"/>.</summary>
    public double PowerLimitWatts(string uuid, double now)
    {
        var path = PathOf(uuid);
        try
        {
            if (
                File.Exists(path)
                && double.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var watts)
                && double.IsFinite(watts)
                && watts > 0
            )
            {
                return watts;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }

        return now;
    }

    /// <summary>Keeps the original unless one is kept already; flushed to disk before the GPU is changed.</summary>
    public void RecordPowerLimit(string uuid, double watts)
    {
        var path = PathOf(uuid);
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(watts.ToString("R", CultureInfo.InvariantCulture)));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The GPU is back at its original: nothing to remember.</summary>
    public void Forget(string uuid)
    {
        try
        {
            File.Delete(PathOf(uuid));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private string PathOf(string uuid) => Path.Combine(directory, LockName.Gpu(uuid).Key + ".power-limit");
}
