using System.Globalization;

namespace MLEnergy.SearchEfficiency.Simulated;

/// <summary>
/// A bursty chat trace for the harness, written once in the one trace format: 400 s alternating 20 s at 6 req/s and
/// 20 s at 1 req/s (Poisson within each), chat-like prompt and output lengths, from a fixed seed.
/// </summary>
public static class BurstyTrace
{
    public static string Ensure(string directory)
    {
        var path = Path.Combine(directory, "bursty-chat-trace.jsonl");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(directory);
        var random = new Random(20261201);
        var lines = new List<string>();
        for (var at = 0.0; at < 400; )
        {
            var rate = (int)(at / 20) % 2 == 0 ? 6.0 : 1.0;
            at += -Math.Log(1 - random.NextDouble()) / rate;
            var prompt = (int)Math.Exp(5 + (1.2 * random.NextDouble()) + (0.8 * random.NextDouble()));
            var output = 32 + random.Next(480);
            lines.Add(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{{\"arrival_s\": {at:0.000}, \"prompt_tokens\": {prompt}, \"max_tokens\": {output}}}"
                )
            );
        }

        File.WriteAllLines(path + ".part", lines);
        File.Move(path + ".part", path, overwrite: true);
        return path;
    }
}
