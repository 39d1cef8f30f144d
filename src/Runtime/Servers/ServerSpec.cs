using System.Collections.Immutable;

namespace MLEnergy.Runtime.Servers;

/// <summary>
/// How to launch the serving process: an argument template (never a shell string) whose <c>{knob}</c> placeholders
/// take the configuration's values (and <c>{port}</c>, <c>{model}</c>), its environment, working directory, health
/// check and timeouts, and how to talk to it (OpenAI endpoint, model, API key variable, energy counter).
/// </summary>
public sealed record ServerSpec
{
    public required ImmutableArray<string> Command { get; init; }

    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    public string? WorkingDirectory { get; init; }

    /// <summary>A fixed port, or null to pick a free loopback port for each launch.</summary>
    public int? Port { get; init; }

    /// <summary>Base URL template, e.g. <c>http://127.0.0.1:{port}</c>.</summary>
    public string BaseUrl { get; init; } = "http://127.0.0.1:{port}";

    public string HealthPath { get; init; } = "/health";

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a server gets to exit after SIGTERM before SIGKILL.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary><c>completions</c> or <c>chat</c>: which OpenAI endpoint the load goes to.</summary>
    public string Endpoint { get; init; } = "completions";

    /// <summary>The model name sent with requests; the space's model when absent.</summary>
    public string? Model { get; init; }

    /// <summary>The environment variable holding the API key; the key itself is never logged or written.</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>
    /// A Prometheus counter at <see cref="MetricsPath"/> giving the server's GPU energy in joules; null to meter GPUs
    /// through NVML.
    /// </summary>
    public string? EnergyMetric { get; init; }

    public string MetricsPath { get; init; } = "/metrics";

    /// <summary>Placeholders every template may use besides the space's knobs.</summary>
    public static readonly ImmutableArray<string> BuiltInPlaceholders = ["port", "model", "mlenergy"];
}
