using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Tests.Governor;

/// <summary>
/// govern's bands on two fake GPUs (700 W at the start): a power limit the operator set by hand after govern set its
/// own is theirs, on a change of band as on the restore.
/// </summary>
public sealed class GpuBandActuatorTests : IDisposable
{
    private static readonly LoadBand Idle = LoadPlans.Band(0, 2, 1, 900, 300);
    private static readonly LoadBand Middle = LoadPlans.Band(2, 6, 4, 1400, 500);
    private static readonly LoadBand Top = LoadPlans.Band(6, null, 8, null, null);

    private readonly string _state = Directory.CreateTempSubdirectory("mlenergy-band-").FullName;
    private readonly FakeGpuControl _control = new();

    [Fact]
    public void WithoutAHandChangeABandWithoutALimitPutsTheOriginalBack()
    {
        var (band, _) = Start();
        band.Apply(Idle);
        _control.Calls.Clear();

        var left = band.Apply(Top);

        left.Should().BeEmpty();
        _control.Calls.Should().Equal("reset 0", "limit 0 700", "reset 1", "limit 1 700");
    }

    [Fact]
    public void ABandWithoutALimitLeavesALimitSetByHandSinceAndSoDoesTheRestore()
    {
        var (band, actuator) = Start();
        band.Apply(Idle);
        _control.SetPowerLimit(0, Power.FromWatts(450));
        _control.Calls.Clear();

        var left = band.Apply(Top);

        _control.Calls.Should().Equal("reset 0", "reset 1", "limit 1 700");
        left.Should()
            .Equal(
                "gpu0: power limit left at 450 W, set by hand since mlenergy set 300 W (the original was 700 W; "
                    + "'nvidia-smi -i 0 -pl 700' sets it)"
            );
        _control.Calls.Clear();

        var restored = actuator.Restore();

        _control.Calls.Should().Equal("reset 0", "reset 1", "limit 1 700");
        restored.Should().Contain(left[0]);
        _control.GetPowerLimit(0).Should().Be(Power.FromWatts(450));
        HostJournal.Open(_state).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void ABandLeavesAClockLockSetByHandSinceOnThatGpuAsItLeavesALimit()
    {
        var (band, actuator) = Start();
        band.Apply(Idle);
        _control.LockSmClocks(1, Frequency.FromMegahertz(345), Frequency.FromMegahertz(1200));
        _control.Calls.Clear();

        var left = band.Apply(Middle);

        _control.Calls.Should().Equal("lock 0 345 1400", "limit 0 500", "limit 1 500");
        left.Should()
            .Equal(
                "gpu1: SM clocks left locked at up to 1200 MHz, set by hand since mlenergy set 900 MHz "
                    + "('nvidia-smi -i 1 -rgc' resets them); 1400 MHz not set"
            );
        _control.Calls.Clear();

        actuator.Restore();

        _control.Calls.Should().Equal("reset 0", "limit 0 700", "limit 1 700");
    }

    [Fact]
    public void ABandWithALimitLeavesALimitSetByHandSinceOnThatGpuAndSetsTheOthers()
    {
        var (band, _) = Start();
        band.Apply(Idle);
        _control.SetPowerLimit(0, Power.FromWatts(450));
        _control.Calls.Clear();

        var left = band.Apply(Middle);

        _control.Calls.Should().Equal("lock 0 345 1400", "lock 1 345 1400", "limit 1 500");
        left.Should().ContainSingle().Which.Should().StartWith("gpu0: power limit left at 450 W, set by hand since");
        left[0].Should().EndWith("sets it); 500 W not set");
        _control.GetPowerLimit(0).Should().Be(Power.FromWatts(450));
    }

    [Fact]
    public void AGpuSetBackByHandToALimitGovernSetIsGovernedAgain()
    {
        var (band, _) = Start();
        band.Apply(Idle);
        band.Apply(Middle);
        _control.SetPowerLimit(0, Power.FromWatts(300));
        _control.Calls.Clear();

        var left = band.Apply(Middle);

        left.Should().BeEmpty("300 W is a limit govern set: nobody else's");
        _control.Calls.Should().Equal("lock 0 345 1400", "lock 1 345 1400", "limit 0 500", "limit 1 500");
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private (GpuBandActuator Band, GpuKnobActuator Actuator) Start()
    {
        var actuator = new GpuKnobActuator(_control, HostJournal.Open(_state), [0, 1]);
        return (new GpuBandActuator(actuator), actuator);
    }
}
