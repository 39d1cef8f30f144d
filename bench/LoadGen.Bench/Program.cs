using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLEnergy.Runtime.Load;

// Highest sustained streamed request rate of the load generator against `mlenergy sim-server` on loopback, next to a
// Python aiohttp client doing the same work (closed loop, streaming /v1/completions, every token timed), in one run.
// Usage: dotnet run -c Release --project bench/LoadGen.Bench -- [concurrency] [seconds] [max_tokens]
var concurrency = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var maxTokens = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
const int Port = 18231;

var server = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
foreach (
    var a in new[]
    {
        Path.Combine(AppContext.BaseDirectory, "MLEnergy.Cli.dll"),
        "sim-server",
        "--model",
        "Qwen/Qwen3-8B",
        "--max-num-seqs",
        "1024",
        "--time-scale",
        "1000",
        "--port",
        Port.ToString(CultureInfo.InvariantCulture),
    }
)
{
    server.ArgumentList.Add(a);
}

using var sim = Process.Start(server)!;
var baseUrl = new Uri($"http://127.0.0.1:{Port}/");
using var http = OpenAiStreamingClient.CreateHttpClient();
for (var i = 0; i < 100; i++)
{
    try
    {
        (await http.GetAsync(new Uri(baseUrl, "health"))).EnsureSuccessStatusCode();
        break;
    }
    catch (HttpRequestException)
    {
        await Task.Delay(200);
    }
}

try
{
    var client = new OpenAiStreamingClient(
        http,
        new OpenAiClientOptions(baseUrl, "Qwen/Qwen3-8B"),
        TimeProvider.System
    );
    var prompts = new PromptSet([
        new Prompt(string.Concat(Enumerable.Repeat("energy model token server latency ", 8)), maxTokens),
    ]);
    await using (
        var warm = LoadRun.Start(
            client,
            new ClosedLoopArrivals(concurrency),
            prompts,
            TimeProvider.System,
            CancellationToken.None
        )
    )
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        await warm.StopAsync(TimeSpan.FromSeconds(5));
    }

    var clock = Stopwatch.StartNew();
    await using var run = LoadRun.Start(
        client,
        new ClosedLoopArrivals(concurrency),
        prompts,
        TimeProvider.System,
        CancellationToken.None
    );
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    var records = await run.StopAsync(TimeSpan.FromSeconds(10));
    var elapsed = clock.Elapsed.TotalSeconds;
    var ours = (
        Requests: records.Count(r => r.Succeeded),
        Tokens: records.Sum(r => (long)r.OutputTokens),
        Failed: records.Count(r => !r.Succeeded),
        Seconds: elapsed
    );

    var python = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true };
    foreach (
        var a in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "aiohttp_client.py"),
            $"http://127.0.0.1:{Port}",
            concurrency.ToString(CultureInfo.InvariantCulture),
            seconds.ToString(CultureInfo.InvariantCulture),
            maxTokens.ToString(CultureInfo.InvariantCulture),
        }
    )
    {
        python.ArgumentList.Add(a);
    }

    using var py = Process.Start(python)!;
    var line = await py.StandardOutput.ReadToEndAsync();
    await py.WaitForExitAsync();
    using var theirs = JsonDocument.Parse(line);
    var r = theirs.RootElement;
    var pyRate = r.GetProperty("requests").GetDouble() / r.GetProperty("seconds").GetDouble();
    var ourRate = ours.Requests / ours.Seconds;
    Console.WriteLine(
        FormattableString.Invariant(
            $"closed loop, concurrency {concurrency}, {seconds:0} s, {maxTokens} tokens per request, sim-server on "
        ) + FormattableString.Invariant($"loopback ({Environment.ProcessorCount} cores)")
    );
    Console.WriteLine("client            requests/s   tokens/s   failed");
    Console.WriteLine(
        FormattableString.Invariant(
            $"mlenergy (C#)     {ourRate, 10:0.0} {ours.Tokens / ours.Seconds, 10:0} {ours.Failed, 8}"
        )
    );
    Console.WriteLine(
        FormattableString.Invariant($"python aiohttp    {pyRate, 10:0.0} ")
            + FormattableString.Invariant(
                $"{r.GetProperty("tokens").GetDouble() / r.GetProperty("seconds").GetDouble(), 10:0} "
            )
            + FormattableString.Invariant($"{r.GetProperty("failed").GetInt32(), 8}")
    );
    Console.WriteLine(FormattableString.Invariant($"ratio             {ourRate / pyRate, 10:0.00}x"));
}
finally
{
    sim.Kill(entireProcessTree: true);
    await sim.WaitForExitAsync();
}
