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
        var bytes = System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', values.Select(w => w.ToString("R", CultureInfo.InvariantCulture)))
        );
        try
        {
            Directory.CreateDirectory(directory);
            Write(PathOf(uuid), bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot keep the GPU's original power limit in {PathOf(uuid)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Replaces the file whole (a temporary file of this process, renamed over it). Where another user's file cannot
    /// be replaced (a folder with the sticky bit: only its owner may rename over it), it is rewritten in place: it is
    /// open to every user, and a GPU's list only grows, so a write cut short leaves the earlier list whole. Files are
    /// left readable and writable to every user, as the locks beside them are.
    /// </summary>
    private static void Write(string path, byte[] bytes)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            WriteNew(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (File.Exists(path) && e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
            stream.Write(bytes);
            stream.SetLength(bytes.Length);
            stream.Flush(flushToDisk: true);
        }
    }

    private static void WriteNew(string path, byte[] bytes)
    {
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        HostLocks.OpenToAll(path);
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's file in a folder with the sticky bit: emptied, it keeps nothing.
            try
            {
                using var stream = new FileStream(PathOf(uuid), FileMode.Open, FileAccess.Write, FileShare.None);
                stream.SetLength(0);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { }
        }
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
