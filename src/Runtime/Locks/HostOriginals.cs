using System.Globalization;

namespace MLEnergy.Runtime.Locks;

/// <summary>
/// The power limit each GPU had before any mlenergy run changed it, kept beside the host-wide locks (one small file per
/// GPU UUID: the original, then each limit set since) whatever the state directory. A run that finds one left by a
/// killed run records that value as the original, not the setting the killed run left; a GPU found at neither was set
/// by hand since, and its setting now is the original. Restoring the GPU forgets it. Read and written under the GPU's
/// lock. <paramref name="remove"/> removes a kept file (deleted, else emptied) or throws where neither can be done, as
/// on a disk turned read-only.
/// </summary>
public sealed class HostOriginals(string directory, Action<string>? remove = null)
{
    /// <summary>
    /// The original power limit of the GPU: the one recorded host-wide while the GPU is at it or at a limit a run set,
    /// else <paramref name="now"/>. Throws an <see cref="IOException"/> in one line when the kept file cannot be read.
    /// </summary>
    public double PowerLimitWatts(string uuid, double now)
    {
        var kept = Read(uuid);

        // A file of the earlier form holds the original alone: any limit now may be a killed run's. A GPU at none of
        // the kept limits was set by hand since (or the file was left by a run that could not forget it): the list
        // is over, and the next record starts a new one.
        return kept.Count == 1 || (kept.Count > 1 && kept.Any(w => Same(w, now))) ? kept[0] : now;
    }

    /// <summary>
    /// Keeps the original, and the limit about to be set; flushed to disk before the GPU is changed. The kept list
    /// goes on only while it starts at that original: one that does not is over (see <see cref="PowerLimitWatts"/>)
    /// and is replaced whole, so that no limit of it is taken for the original again.
    /// </summary>
    public void RecordPowerLimit(string uuid, double original, double setting)
    {
        var kept = Read(uuid);
        var current = kept.Count > 0 && Same(kept[0], original);
        if (current && kept.Skip(1).Contains(setting))
        {
            return;
        }

        IReadOnlyList<double> values = current ? [.. kept, setting] : [original, setting];
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk leaves no part-written temporary file behind.
            File.Delete(temporary);
            if (!File.Exists(path))
            {
                throw;
            }

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
    /// <remarks>
    /// A restore reads it to tell a hand-set limit; one that cannot be read leaves it to the journal, which holds the
    /// original.
    /// </remarks>
    public IReadOnlyList<double> SetPowerLimits(string uuid)
    {
        try
        {
            return [.. Read(uuid).Skip(1)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>
    /// The GPU is back at its original, or its setting now is the one to keep: nothing to remember. Throws an
    /// <see cref="IOException"/> in one line, naming the file and what to do, when it can be neither deleted nor
    /// emptied: a later run would take its original for the GPU's, and put a kept setting back to it.
    /// </summary>
    public void Forget(string uuid)
    {
        var path = PathOf(uuid);
        try
        {
            (remove ?? Remove)(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException(
                $"cannot forget the GPU's original power limit kept in {path}: {e.Message}; remove that file before "
                    + "the next mlenergy run on this GPU",
                e
            );
        }
    }

    private static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No folder, or no file: nothing is kept.
            if (e is DirectoryNotFoundException || !File.Exists(path))
            {
                return;
            }

            // Another user's file in a folder with the sticky bit: emptied, it keeps nothing.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
            stream.SetLength(0);
        }
    }

    private static bool Same(double watts, double other) => Math.Abs(watts - other) < 0.5;

    /// <summary>
    /// The original, then the limits set since; empty when none is kept. A file that cannot be read, or holds
    /// something other than limits in watts, is an <see cref="IOException"/> in one line naming it: taking the limit
    /// now for the original could keep a killed run's setting for good.
    /// </summary>
    private List<double> Read(string uuid)
    {
        var path = PathOf(uuid);
        string[] lines;
        try
        {
            if (!File.Exists(path))
            {
                return [];
            }

            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read the GPU's original power limit kept in {path}: {e.Message}", e);
        }

        var values = new List<double>();
        foreach (var (line, number) in lines.Select((l, i) => (l.Trim(), i + 1)).Where(l => l.Item1.Length > 0))
        {
            if (
                !double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var watts)
                || !double.IsFinite(watts)
                || watts <= 0
            )
            {
                throw new IOException(
                    $"cannot read the GPU's original power limit kept in {path}: line {number} is not a limit in "
                        + "watts; remove the file once the GPU is at its original limit"
                );
            }

            values.Add(watts);
        }

        return values;
    }

    private string PathOf(string uuid) => Path.Combine(directory, LockName.Gpu(uuid).Key + ".power-limit");
}
