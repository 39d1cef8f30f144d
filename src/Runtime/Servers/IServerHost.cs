using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Runtime.Servers;

/// <summary>
/// Provides the server a configuration's trial talks to: <see cref="ServerManager"/> launches and relaunches one per
/// server-knob setting; <see cref="ExternalServer"/> is one already running that is never started or stopped.
/// </summary>
public interface IServerHost : IAsyncDisposable
{
    IServingServer? Current { get; }

    /// <summary>Where server stdout and stderr go: the run folder once the run has one.</summary>
    string LogDirectory { get; set; }

    string Describe();

    /// <summary>Returns a healthy server for <paramref name="configuration"/>, launching one if needed.</summary>
    Task<IServingServer> EnsureAsync(Configuration configuration, CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// For dry runs: what a trial of <paramref name="configuration"/> does to the server after one of
    /// <paramref name="previous"/>.
    /// </summary>
    string DescribeStep(Configuration configuration, Configuration? previous);
}
