using MLEnergy.Profiler.Meters;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Meters;

public sealed class TrapezoidIntegratorTests
{
    [Fact]
    public void ALinearRampIsIntegratedExactly()
    {
        var integrator = new TrapezoidIntegrator();

        integrator.Add(TimeSpan.Zero, Power.FromWatts(100));
        integrator.Add(TimeSpan.FromSeconds(1), Power.FromWatts(200));
        integrator.Add(TimeSpan.FromSeconds(3), Power.FromWatts(400));

        integrator.Total.Joules.Should().BeApproximately(150 + 600, 1e-9);
        integrator.SampleCount.Should().Be(3);
    }

    [Fact]
    public void OneSampleIsNoEnergyYet()
    {
        var integrator = new TrapezoidIntegrator();

        integrator.Add(TimeSpan.FromSeconds(5), Power.FromWatts(300));

        integrator.Total.Should().Be(Energy.Zero);
    }

    [Fact]
    public void ASampleFromBeforeTheLastOneIsIgnored()
    {
        var integrator = new TrapezoidIntegrator();
        integrator.Add(TimeSpan.FromSeconds(2), Power.FromWatts(100));

        integrator.Add(TimeSpan.FromSeconds(1), Power.FromWatts(900));
        integrator.Add(TimeSpan.FromSeconds(4), Power.FromWatts(100));

        integrator.Total.Joules.Should().BeApproximately(200, 1e-9);
    }
}
