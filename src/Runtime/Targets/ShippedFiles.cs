namespace MLEnergy.Runtime.Targets;

/// <summary>Where the files installed with mlenergy are: published data and the shipped search spaces.</summary>
public sealed record ShippedFiles(string DataDirectory, string SpacesDirectory)
{
    public const string DefaultSpace = "sim-h100-llm.yaml";

    /// <summary>The space tuned on the simulated host when <c>--model</c> names a diffusion model.</summary>
    public const string DiffusionSpace = "sim-h100-diffusion.yaml";

    /// <summary>The folders next to the program.</summary>
    public static ShippedFiles NextToProgram() =>
        new(Path.Combine(AppContext.BaseDirectory, "data"), Path.Combine(AppContext.BaseDirectory, "search-spaces"));

    public string DefaultSpacePath => Path.Combine(SpacesDirectory, DefaultSpace);

    public string DiffusionSpacePath => Path.Combine(SpacesDirectory, DiffusionSpace);
}
