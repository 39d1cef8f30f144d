namespace MLEnergy.Runtime.State;

/// <summary>Where mlenergy keeps runs, journals and its store: <c>$XDG_STATE_HOME/mlenergy</c> or <c>~/.local/state/mlenergy</c>.</summary>
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
}
