namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// A sim-server's GPU control interface did not answer, refused a setting, or read back something else than was set.
/// </summary>
public sealed class SimulatedGpuException : Exception
{
    public SimulatedGpuException() { }

    public SimulatedGpuException(string message)
        : base(message) { }

    public SimulatedGpuException(string message, Exception innerException)
        : base(message, innerException) { }
}
