namespace MLEnergy.Simulation.Engine;

/// <summary>
/// Hears every token the engine produces (serving real requests, or runs a controller watches; batch runs pass none).
/// </summary>
internal interface ITokenObserver
{
    void OnToken(long requestId, double time, int tokenIndex, bool last);
}
