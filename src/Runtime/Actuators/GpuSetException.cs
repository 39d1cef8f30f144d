namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// The driver refused a GPU setting for a reason other than permission (a driver or hardware fault). The run stops;
/// what was set before it is put back, and the refused setting stays journaled until a restore succeeds.
/// </summary>
public sealed class GpuSetException : Exception
{
    public GpuSetException() { }

    public GpuSetException(string message)
        : base(message) { }

    public GpuSetException(string message, Exception innerException)
        : base(message, innerException) { }
}
