using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.Servers;

namespace MLEnergy.Runtime.Tests.Support;

/// <summary>A server host in memory around one running server: counts launches and stops; may fail to start.</summary>
internal sealed class FakeServerHost(Uri baseUrl) : IServerHost
{
    private FakeServer? _current;

    public IServingServer? Current => _current;

    public string LogDirectory { get; set; } = string.Empty;

    public int Launches { get; private set; }

    public int Stops { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>Set to make the next launch fail with this message.</summary>
    public string? FailToStart { get; set; }

    /// <summary>Set to make the running server look dead with this reason.</summary>
    public string? DiesWith { get; set; }

    public string Describe() => $"fake server at {baseUrl}";

    public Task<IServingServer> EnsureAsync(Configuration configuration, CancellationToken cancellationToken)
    {
        if (FailToStart is { } message)
        {
            throw new ServerStartException(message);
        }

        if (_current is null)
        {
            Launches++;
            _current = new FakeServer(baseUrl, this);
        }

        return Task.FromResult<IServingServer>(_current);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stops++;
        _current = null;
        return Task.CompletedTask;
    }

    public string DescribeStep(Configuration configuration, Configuration? previous) => "  keep the running server";

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        Disposed = true;
    }

    private sealed class FakeServer(Uri baseUrl, FakeServerHost host) : IServingServer
    {
        public Uri BaseUrl { get; } = baseUrl;

        public string? ExitReason => host.DiesWith;
    }
}
