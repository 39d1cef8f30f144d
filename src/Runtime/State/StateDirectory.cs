namespace MLEnergy.Runtime.State;

/// <summary>
/// Where mlenergy keeps runs, journals and its store: <c>$XDG_STATE_HOME/mlenergy</c> or
/// <c>~/.local/state/mlenergy</c>. A relative <c>XDG_STATE_HOME</c> is ignored, as the XDG Base Directory
/// specification requires (its paths must be absolute).
/// </summary>
public static class StateDirectory
{
    public static string Default(Func<string, string?> environment)
    {
        var xdg = environment("XDG_STATE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "mlenergy");
        }

        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "state", "mlenergy");
    }

    /// <summary>
    /// Creates the state directory and proves it writable (a probe file written and removed), so that a
    /// read-only or full disk is reported before any knob is touched.
    /// </summary>
    public static void EnsureWritable(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "probe");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = FileInTheWay(path) is { } file ? $"'{file}' is a file, not a folder" : e.Message;
            throw new StateDirectoryException(
                $"cannot write the state directory '{path}': {why} (use --state-dir to choose another)",
                e
            );
        }
    }

    /// <summary>The path itself or the nearest folder above it when it is a file ($HOME set to a file, say).</summary>
    private static string? FileInTheWay(string path)
    {
        for (var at = Path.GetFullPath(path); !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
        {
            if (File.Exists(at))
            {
                return at;
            }

            if (Directory.Exists(at))
            {
                return null;
            }
        }

        return null;
    }
}
