namespace MLEnergy.Runtime.Servers;

/// <summary>
/// A server that trials send load to: one mlenergy launched, or one already running that it does not manage.
/// </summary>
public interface IServingServer
{
    Uri BaseUrl { get; }

    /// <summary>Why the server is gone (its exit code and log), or null while it runs.</summary>
    string? ExitReason { get; }
}
