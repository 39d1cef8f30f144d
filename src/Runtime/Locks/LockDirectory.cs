namespace MLEnergy.Runtime.Locks;

/// <summary>
/// Where host-wide locks live, the same for every state directory: <c>$MLENERGY_LOCK_DIR</c>, else
/// <c>/run/lock/mlenergy</c> where /run/lock is writable, else <c>$XDG_RUNTIME_DIR/mlenergy</c>, else a folder under
/// the temporary directory.
/// </summary>
public static class LockDirectory
{
    public const string Variable = "MLENERGY_LOCK_DIR";

    public static string Default(Func<string, string?> environment)
    {
        if (environment(Variable) is { Length: > 0 } chosen)
        {
            return chosen;
        }

        if (Writable("/run/lock"))
        {
            return "/run/lock/mlenergy";
        }

        return environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && Writable(runtime)
            ? Path.Combine(runtime, "mlenergy")
            : Path.Combine(Path.GetTempPath(), "mlenergy-locks");
    }

    /// <summary>The default for this process's environment.</summary>
    public static string ForThisHost() => Default(Environment.GetEnvironmentVariable);

    private static bool Writable(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return false;
        }

        var probe = Path.Combine(directory, $".mlenergy-probe-{Environment.ProcessId}");
        try
        {
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
