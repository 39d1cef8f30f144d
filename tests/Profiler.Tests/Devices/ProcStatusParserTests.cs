using MLEnergy.Profiler.Devices;
using MLEnergy.Profiler.Tests.Support;

namespace MLEnergy.Profiler.Tests.Devices;

public sealed class ProcStatusParserTests
{
    [Theory]
    [InlineData("proc-status-root.txt", true, true, true)]
    [InlineData("proc-status-user.txt", false, false, false)]
    [InlineData("proc-status-cap-sys-admin.txt", false, true, true)]
    [InlineData("proc-status-container-root.txt", true, false, true)]
    [InlineData("proc-status-setuid.txt", true, false, true)]
    public void PrivilegesComeFromTheEffectiveUidAndCapabilityBit21(
        string file,
        bool root,
        bool capSysAdmin,
        bool mayChange
    )
    {
        var privileges = ProcStatusParser.Parse(TestData.Read(file));

        privileges.Should().Be(new ProcessPrivileges(root, capSysAdmin));
        privileges.MayChangeGpuSettings.Should().Be(mayChange);
    }

    [Fact]
    public void TheReaderReadsTheFileItIsGiven() =>
        new PrivilegeReader(TestData.PathOf("proc-status-user.txt")).Read().MayChangeGpuSettings.Should().BeFalse();

    [Fact]
    public void AnUnprivilegedProcessIsToldWhatItNeeds() =>
        new ProcessPrivileges(false, false).Explanation.Should().Contain("root or CAP_SYS_ADMIN");

    [Theory]
    [InlineData("proc-status-user.txt", "run mlenergy as root (sudo), or grant it CAP_SYS_ADMIN")]
    [InlineData("proc-status-container-root.txt", "as root but without CAP_SYS_ADMIN, as in a container")]
    [InlineData("proc-status-root.txt", "as root with CAP_SYS_ADMIN, yet the driver refused")]
    public void TheAdviceForNoPermissionTellsARootContainerFromAnUnprivilegedUser(string file, string advice) =>
        ProcStatusParser.Parse(TestData.Read(file)).PermissionAdvice.Should().Contain(advice);
}
