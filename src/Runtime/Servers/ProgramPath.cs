namespace MLEnergy.Runtime.Servers;

/// <summary>Where a program named on a command line is, the way <c>execvp</c> looks for it.</summary>
internal static class ProgramPath
{
    /// <summary>
    /// The file a program name runs: a name with a slash as it is (relative to the working directory), otherwise the
    /// first executable file of that name on PATH; null when there is none.
    /// </summary>
    public static string? Resolve(string program, string? workingDirectory)
    {
        if (program.Contains('/'))
        {
            var path = Path.IsPathRooted(program)
                ? program
                : Path.Combine(workingDirectory ?? Environment.CurrentDirectory, program);
            return File.Exists(path) ? path : null;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(
            Path.PathSeparator,
            StringSplitOptions.RemoveEmptyEntries
        );
        return folders.Select(f => Path.Combine(f, program)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        return OperatingSystem.IsWindows()
            || (
                File.GetUnixFileMode(path)
                & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)
            ) != 0;
    }
}
