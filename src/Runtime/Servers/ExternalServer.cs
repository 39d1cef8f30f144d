using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Runtime.Servers;

/// <summary>
/// An OpenAI-compatible server that is already running and that mlenergy did not launch: trials only send it load;
/// it is never started, restarted or stopped, so none of its own flags can change.
/// </summary>
public sealed class ExternalServer(Uri baseUrl) : IServerHost, IServingServer
{
    public Uri BaseUrl { get; } = baseUrl;

    public string? ExitReason => null;

    public IServingServer? Current => this;

    public string LogDirectory { get; set; } = string.Empty;

    public string Describe() => $"external server {BaseUrl} (not launched by mlenergy)";

    public Task<IServingServer> EnsureAsync(Configuration configuration, CancellationToken cancellationToken) =>
        Task.FromResult<IServingServer>(this);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string DescribeStep(Configuration configuration, Configuration? previous) =>
        previous is null ? $"  send load to the running server at {BaseUrl}" : "  keep the running server";

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
