using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Runtime.Servers;

/// <summary>
/// Keeps the server that a configuration needs running: relaunches it only when a knob that restarts the server
/// changed (or it died), journals each process before waiting on it, and stops it for good on dispose.
/// </summary>
public sealed class ServerManager(
    ServerSpec spec,
    IReadOnlyList<Knob> knobs,
    string? model,
    HostJournal journal,
    string logDirectory,
    HttpClient http
) : IServerHost
{
    private ServerProcess? _current;
    private JournalEntry? _entry;
    private string? _currentKey;
    private int _launches;

    public ServerProcess? Current => _current;

    IServingServer? IServerHost.Current => _current;

    /// <summary>Where server stdout and stderr go: the run folder once the run has one.</summary>
    public string LogDirectory { get; set; } = logDirectory;

    public string Describe() => $"server '{string.Join(" ", spec.Command)}'";

    public int Launches => _launches;

    /// <summary>
    /// The launch a configuration renders to (with <paramref name="port"/> standing for a free port).
    /// </summary>
    public ServerLaunch Render(Configuration configuration, int port)
    {
        var values = configuration.Values.ToDictionary(v => v.Key, v => v.Value.Text, StringComparer.Ordinal);
        values["port"] = port.ToString(CultureInfo.InvariantCulture);
        values["model"] = spec.Model ?? model ?? string.Empty;
        var arguments = ArgumentTemplate.Render(SelfCommand.Expand(spec.Command), values);
        var baseUrl = new Uri(ArgumentTemplate.Render(spec.BaseUrl, values));
        return new ServerLaunch(arguments, baseUrl, new Uri(baseUrl, spec.HealthPath));
    }

    /// <summary>
    /// The values of the knobs that need a relaunch: two configurations with the same key share a server.
    /// </summary>
    public string RestartKey(Configuration configuration) =>
        string.Join(
            ",",
            knobs
                .Where(k => k.RestartsServer && configuration.TryGet(k.Name, out _))
                .Select(k => $"{k.Name}={configuration[k.Name]}")
        );

    public string DescribeStep(Configuration configuration, Configuration? previous)
    {
        if (previous is not null && RestartKey(previous) == RestartKey(configuration))
        {
            return "  keep the running server";
        }

        var display = Render(configuration, 0).Display.Replace(" 0", " <free port>", StringComparison.Ordinal);
        return $"  {(previous is null ? "would launch" : "would relaunch")}: {display}";
    }

    async Task<IServingServer> IServerHost.EnsureAsync(
        Configuration configuration,
        CancellationToken cancellationToken
    ) => await EnsureAsync(configuration, cancellationToken);

    /// <summary>Returns a healthy server for <paramref name="configuration"/>, launching one if needed.</summary>
    public async Task<ServerProcess> EnsureAsync(Configuration configuration, CancellationToken cancellationToken)
    {
        var key = RestartKey(configuration);
        if (_current is { HasExited: false } && key == _currentKey)
        {
            return _current;
        }

        await StopAsync(cancellationToken);
        var launch = Render(configuration, spec.Port ?? FreePort());
        _launches++;
        // The intent is on disk before the process exists, so a run killed at any moment leaves it journaled.
        var intent = JournalEntry.ServerIntent(launch.Arguments, launch.Display);
        journal.Record(intent);
        _entry = intent;
        ServerProcess server;
        try
        {
            server = ServerProcess.Start(
                spec,
                launch,
                Path.Combine(LogDirectory, $"server-{_launches}"),
                intent.Launch!
            );
        }
        catch
        {
            journal.Remove(intent);
            _entry = null;
            throw;
        }

        _current = server;
        _entry = intent.Started(server.ProcessId, server.StartTime);
        journal.Replace(intent, _entry);
        try
        {
            await server.WaitHealthyAsync(http, spec.StartTimeout, cancellationToken);
        }
        catch
        {
            await StopAsync(CancellationToken.None);
            throw;
        }

        _currentKey = key;
        return server;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_current is { } server)
        {
            _current = null;
            _currentKey = null;
            await server.StopAsync(cancellationToken);
            await server.DisposeAsync();
        }

        if (_entry is { } entry)
        {
            journal.Remove(entry);
            _entry = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
