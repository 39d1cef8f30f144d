namespace MLEnergy.Runtime.Locks;

/// <summary>
/// Where host-wide locks live, the same for every state directory, user and environment: <c>$MLENERGY_LOCK_DIR</c>,
/// else <c>/run/lock/mlenergy</c> where it or /run/lock is writable, else <c>/tmp/mlenergy-locks</c>. Never a folder
/// of one user's (<c>$XDG_RUNTIME_DIR</c>) or one environment's (<c>$TMPDIR</c>): a run as root and one with
/// CAP_SYS_ADMIN as another user must meet on the same GPU.
/// </summary>
public static class LockDirectory
{
    public const string Variable = "MLENERGY_LOCK_DIR";

    /// <summary>Where locks go when neither the variable nor /run/lock serves; one folder for every user.</summary>
    public const string Fallback = "/tmp/mlenergy-locks";

    public static string Default(Func<string, string?> environment) => Default(environment, "/run/lock", Writable);

    /// <summary>
    /// As <see cref="Default(Func{string, string?})"/> with /run/lock at <paramref name="runLock"/> and
    /// <paramref name="writable"/> telling whether this process may create files in a folder.
    /// </summary>
    public static string Default(Func<string, string?> environment, string runLock, Func<string, bool> writable)
    {
        if (environment(Variable) is { Length: > 0 } chosen)
        {
            return chosen;
        }

        // A folder another user made (root makes it writable to all) is used even where /run/lock itself is not.
        var shared = Path.Combine(runLock, "mlenergy");
        return writable(shared) || writable(runLock) ? shared : Fallback;
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
