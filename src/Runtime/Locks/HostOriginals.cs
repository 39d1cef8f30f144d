using System.Globalization;

namespace MLEnergy.Runtime.Locks;

/// <summary>
/// The power limit each GPU had before any mlenergy run changed it, kept beside the host-wide locks (one small file per
/// GPU UUID: the original, then each limit set since) whatever the state directory. A run that finds one left by a
/// killed run records that value as the original, not the setting the killed run left; a GPU found at neither was set
/// by hand since, and its setting now is the original. Restoring the GPU forgets it. Read and written under the GPU's
/// lock.
/// </summary>
public sealed class HostOriginals(string directory)
{
    /// <summary>
    /// The original power limit of the GPU: the one recorded host-wide while the GPU is at it or at a limit a run set,
    /// else <paramref name="now"/>.
    /// </summary>
    public double PowerLimitWatts(string uuid, double now)
    {
        var kept = Read(uuid);

        // A file of the earlier form holds the original alone: any limit now may be a killed run's.
        if (kept.Count == 1 || (kept.Count > 1 && kept.Any(w => Math.Abs(w - now) < 0.5)))
        {
            return kept[0];
        }

        if (kept.Count > 0)
        {
            Forget(uuid);
        }

        return now;
    }

    /// <summary>
    /// Keeps the original unless one is kept already, and the limit about to be set; flushed to disk before the GPU
    /// is changed.
    /// </summary>
    public void RecordPowerLimit(string uuid, double original, double setting)
    {
        var kept = Read(uuid);
        if (kept.Count > 0 && kept.Skip(1).Contains(setting))
        {
            return;
        }

        IReadOnlyList<double> values = kept.Count == 0 ? [original, setting] : [.. kept, setting];
        Directory.CreateDirectory(directory);
        var path = PathOf(uuid);
        using var stream = new FileStream(path + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(
            System.Text.Encoding.UTF8.GetBytes(
                string.Join('\n', values.Select(w => w.ToString("R", CultureInfo.InvariantCulture)))
            )
        );
        stream.Flush(flushToDisk: true);
        stream.Close();
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>
    /// The limits runs set on the GPU since the original kept host-wide, whatever their state directory; empty when
    /// none is kept.
    /// </summary>
    public IReadOnlyList<double> SetPowerLimits(string uuid) => [.. Read(uuid).Skip(1)];

    /// <summary>The GPU is back at its original, or its setting now is the one to keep: nothing to remember.</summary>
    public void Forget(string uuid)
    {
        try
        {
            File.Delete(PathOf(uuid));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>The original, then the limits set since; empty when none is kept or it cannot be read.</summary>
    private List<double> Read(string uuid)
    {
        try
        {
            var path = PathOf(uuid);
            if (!File.Exists(path))
            {
                return [];
            }

            var values = new List<double>();
            foreach (var line in File.ReadAllLines(path))
            {
                if (!double.TryParse(line.Trim(), CultureInfo.InvariantCulture, out var watts))
                {
                    return [];
                }

                if (double.IsFinite(watts) && watts > 0)
                {
                    values.Add(watts);
                }
            }

            return values;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private string PathOf(string uuid) => Path.Combine(directory, LockName.Gpu(uuid).Key + ".power-limit");
}
