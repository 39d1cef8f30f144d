namespace MLEnergy.Runtime.Trials;

/// <summary>Energy of the GPUs serving a trial over exactly its steady-state window.</summary>
public interface IWindowEnergy
{
    Task BeginAsync(CancellationToken cancellationToken);

    Task<WindowEnergy> EndAsync(CancellationToken cancellationToken);
}
