using MLEnergy.Simulation.Engine;

namespace MLEnergy.Simulation.Tests.Engine;

public sealed class PrefillQueueTests
{
    [Fact]
    public void SequencesLeavePrefillInAdmissionOrderAcrossTheRingsEnd()
    {
        var queue = new PrefillQueue(3);
        queue.Enqueue(7);
        queue.Enqueue(4);
        queue.Dequeue().Should().Be(7);
        queue.Enqueue(9);
        queue.Enqueue(1); // wraps past the ring's end

        queue.Count.Should().Be(3);
        new[] { queue[0], queue[1], queue[2] }.Should().Equal(4, 9, 1);
        new[] { queue.Dequeue(), queue.Dequeue(), queue.Dequeue() }.Should().Equal(4, 9, 1);
        queue.Count.Should().Be(0);
    }
}
