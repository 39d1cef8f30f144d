using MLEnergy.Simulation.Engine;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>Every token's time, by request: what a test reads back of an engine's steps.</summary>
internal sealed class TokenTimes : ITokenObserver
{
    public Dictionary<long, List<double>> Times { get; } = [];

    public void OnToken(long requestId, double time, int tokenIndex, bool last)
    {
        if (!Times.TryGetValue(requestId, out var list))
        {
            Times[requestId] = list = [];
        }

        list.Add(time);
    }
}
