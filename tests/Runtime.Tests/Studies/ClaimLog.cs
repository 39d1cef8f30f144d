using System.Collections.Concurrent;
using MLEnergy.Runtime.Studies;

namespace MLEnergy.Runtime.Tests.Studies;

/// <summary>The claims workers report, kept as they are taken (Progress&lt;T&gt; would post them later).</summary>
internal sealed class ClaimLog : IProgress<ClaimedTrial>
{
    public ConcurrentQueue<ClaimedTrial> Claims { get; } = new();

    public void Report(ClaimedTrial value) => Claims.Enqueue(value);
}
