namespace MLEnergy.Simulation.Engine;

/// <summary>Hears every token the engine produces (used when serving real requests; batch runs pass none).</summary>
internal interface ITokenObserver
{
    void OnToken(long requestId, double time, int tokenIndex, bool last);
}
