namespace MLEnergy.Runtime.Locks;

/// <summary>
/// Where host-wide locks live, the same for every state directory, user and environment: <c>$MLENERGY_LOCK_DIR</c>,
/// else the one of <c>/run/lock/mlenergy</c> and <c>/tmp/mlenergy-locks</c> that exists already (the first if both),
/// else the first this process can make (/run/lock writable or not). A folder in use wins over one this process could
/// write: a user with CAP_SYS_ADMIN who found /run/lock closed to it locks in /tmp, and root after it must lock there
/// too, not in a /run/lock folder of its own (two runs on one GPU, each holding "its" lock); a /run/lock/mlenergy this
/// user cannot write refuses it rather than sending it elsewhere. Never a folder of one user's
/// (<c>$XDG_RUNTIME_DIR</c>) or one environment's (<c>$TMPDIR</c>).
/// </summary>
public static class LockDirectory
{
    public const string Variable = "MLENERGY_LOCK_DIR";

    /// <summary>Where locks go when /run/lock serves neither; one folder for every user.</summary>
    public const string Fallback = "/tmp/mlenergy-locks";

    public static string Default(Func<string, string?> environment) =>
        Default(environment, "/run/lock", Writable, Directory.Exists);

    /// <summary>
    /// As <see cref="Default(Func{string, string?})"/> with /run/lock at <paramref name="runLock"/>,
    /// <paramref name="writable"/> telling whether this process may create files in a folder and
    /// <paramref name="exists"/> whether a folder is there.
    /// </summary>
    public static string Default(
        Func<string, string?> environment,
        string runLock,
        Func<string, bool> writable,
        Func<string, bool> exists
    )
    {
        if (environment(Variable) is { Length: > 0 } chosen)
        {
            return chosen;
        }

        var shared = Path.Combine(runLock, "mlenergy");
        if (exists(shared) || exists(Fallback))
        {
            return exists(shared) ? shared : Fallback;
        }

        return writable(runLock) ? shared : Fallback;
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
