namespace MLEnergy.Runtime.Servers;

/// <summary>
/// What <c>{mlenergy}</c> in a server command stands for: the arguments that start this same program (the
/// <c>dotnet</c> host and MLEnergy.Cli.dll, or the installed executable), so a space can launch <c>mlenergy
/// sim-server</c>.
/// </summary>
public static class SelfCommand
{
    public const string Placeholder = "{mlenergy}";

    public static IReadOnlyList<string> Arguments()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MLEnergy.Cli.dll");
        var process = Environment.ProcessPath ?? "dotnet";
        if (File.Exists(dll))
        {
            var host = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
                ? process
                : "dotnet";
            return [host, dll];
        }

        return [process];
    }

    /// <summary>The template with every whole-argument <c>{mlenergy}</c> replaced by <see cref="Arguments"/>.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> template) =>
        template.SelectMany(a => a == Placeholder ? Arguments() : [a]);
}
