using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Restore;
using MLEnergy.Units;

namespace MLEnergy.Integration.Tests.Nvml;

/// <summary>
/// A restore through the real NVML binding into the stub while one of its GPUs has fallen off the bus: the driver
/// hands out no handle for that GPU (GPU_IS_LOST), and every other GPU is still put back.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class LostGpuRestoreTests(NvmlStubFixture stub) : IDisposable
{
    private const string Gpu0 = "GPU-5a1f0c3e-0000-4000-8000-000000000000";
    private const string Gpu1 = "GPU-5a1f0c3e-0000-4000-8000-000000000001";

    private readonly TempDirectory _state = new();

    [Fact]
    public async Task AGpuLostFromTheBusIsOneLineAndEveryOtherGpuIsStillPutBack()
    {
        using (var control = NvmlGpuControl.Open())
        {
            control.SetPowerLimit(0, Power.FromWatts(400));
        }

        var journal = HostJournal.Open(_state.Path);
        journal.Record(JournalEntry.PowerLimit(0, Gpu0, 700, settingWatts: 400));
        journal.Record(JournalEntry.PowerLimit(1, Gpu1, 700, settingWatts: 400));
        File.WriteAllText(stub.ReadbackPath, "lost 1\n");

        var lines = await HostRestorer.ForHost(TimeSpan.FromSeconds(1)).RestoreAsync(journal, CancellationToken.None);

        lines
            .Should()
            .Equal(
                "gpu0: power limit back to 700 W",
                "cannot restore 'gpu1 power limit changed (original 700 W)': "
                    + "nvmlDeviceGetHandleByIndex_v2: GPU is lost (15)"
            );
        File.Delete(stub.ReadbackPath);
        using (var control = NvmlGpuControl.Open())
        {
            control.GetPowerLimit(0).Should().Be(Power.FromWatts(700));
        }

        HostJournal.Open(_state.Path).Entries.Should().ContainSingle().Which.GpuUuid.Should().Be(Gpu1);
    }

    public void Dispose()
    {
        File.Delete(stub.ReadbackPath);
        using (var control = NvmlGpuControl.Open())
        {
            control.SetPowerLimit(0, Power.FromWatts(700));
        }

        _state.Dispose();
    }
}
