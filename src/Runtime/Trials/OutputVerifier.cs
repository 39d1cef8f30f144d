using System.Collections.Immutable;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Servers;

namespace MLEnergy.Runtime.Trials;

/// <summary>Sends the fixed probe set, one at a time at temperature 0, and keeps each generated text.</summary>
public static class OutputVerifier
{
    /// <summary>The probes: fixed, seeded prompts of a few lengths.</summary>
    public static PromptSet Probes { get; } = PromptSet.Synthetic(8, (16, 256), (32, 32), seed: 20240601);

    public static async Task<ImmutableArray<string>> GenerateAsync(
        HttpClient http,
        OpenAiClientOptions options,
        IServingServer server,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        var client = new OpenAiStreamingClient(
            http,
            options with
            {
                BaseUrl = server.BaseUrl,
                Temperature = 0,
                KeepText = true,
            },
            time
        );
        var texts = ImmutableArray.CreateBuilder<string>();
        foreach (var probe in Probes.Prompts)
        {
            var record = await client.SendAsync(probe, time.GetTimestamp(), cancellationToken);
            texts.Add(record.Succeeded ? record.Text ?? string.Empty : $"(failed: {record.Error})");
        }

        return texts.ToImmutable();
    }

    public static OutputCheck Compare(IReadOnlyList<string> baseline, IReadOnlyList<string> recommended)
    {
        var differences = ImmutableArray.CreateBuilder<string>();
        var matching = 0;
        for (var i = 0; i < baseline.Count; i++)
        {
            if (baseline[i] == recommended[i] && !baseline[i].StartsWith("(failed", StringComparison.Ordinal))
            {
                matching++;
            }
            else
            {
                differences.Add(
                    $"probe {i + 1}: baseline '{Head(baseline[i])}' vs recommended '{Head(recommended[i])}'"
                );
            }
        }

        return new OutputCheck(baseline.Count, matching, differences.ToImmutable());
    }

    private static string Head(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
