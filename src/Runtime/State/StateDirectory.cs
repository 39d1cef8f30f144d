namespace MLEnergy.Runtime.State;

/// <summary>
/// Where mlenergy keeps runs, journals and its store: <c>$XDG_STATE_HOME/mlenergy</c> or
/// <c>~/.local/state/mlenergy</c>.
/// </summary>
public static class StateDirectory
{
    public static string Default(Func<string, string?> environment)
    {
        var xdg = environment("XDG_STATE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg))
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
            throw new StateDirectoryException(
                $"cannot write the state directory '{path}': {e.Message} (use --state-dir to choose another)",
                e
            );
        }
    }
}
