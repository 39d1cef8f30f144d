namespace MLEnergy.Runtime.Load;

/// <summary>
/// Short names for the traces shipped in <c>data/traces</c> (next to the program): <c>azure-conv</c> and
/// <c>azure-code</c>, the Azure LLM inference trace 2023 (provenance in <c>data/traces/README.md</c>).
/// </summary>
public static class ShippedTraces
{
    private static readonly (string Name, string File)[] Names =
    [
        ("azure-conv", "AzureLLMInferenceTrace_conv.csv"),
        ("azure-code", "AzureLLMInferenceTrace_code.csv"),
    ];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "data", "traces");

    /// <summary>The file a short name stands for; any other text is a path and comes back as it is.</summary>
    public static string Resolve(string pathOrName)
    {
        foreach (var (name, file) in Names)
        {
            if (pathOrName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return Path.Combine(Directory, file);
            }
        }

        return pathOrName;
    }
}
