using MLEnergy.Cli;
using MLEnergy.Cli.Output;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Integration.Tests.Cli;

public sealed class FailureReportTests
{
    public static TheoryData<Exception, ExitCode, string> Failures() =>
        new()
        {
            {
                new SloFormatException("cannot read SLO 'fast'"),
                ExitCode.UsageError,
                "mlenergy: cannot read SLO 'fast'"
            },
            {
                new StoreAddressException("cannot read --store 'x'"),
                ExitCode.UsageError,
                "mlenergy: cannot read --store 'x'"
            },
            {
                new TrialStoreException("history.db is corrupt"),
                ExitCode.StoreUnusable,
                "mlenergy: history.db is corrupt"
            },
            { new OperationCanceledException(), ExitCode.Cancelled, "mlenergy: cancelled" },
            { new HostLockException("gpu0 is in use"), ExitCode.HostBusy, "mlenergy: gpu0 is in use" },
            {
                new LockFileException("cannot open the lock file /x.lock for gpu0: Read-only file system"),
                ExitCode.UsageError,
                "mlenergy: cannot open the lock file /x.lock for gpu0: Read-only file system"
            },
            { new GpuPermissionException("needs root"), ExitCode.Failure, "mlenergy: needs root" },
            { new IOException("disk full"), ExitCode.Failure, "mlenergy: disk full" },
            {
                new NvmlException(NvmlReturn.GpuIsLost, "nvmlDeviceGetHandleByIndex_v2", "GPU is lost"),
                ExitCode.Failure,
                "mlenergy: nvmlDeviceGetHandleByIndex_v2: GPU is lost (15)"
            },
            {
                new FormatException("Input string was not in a correct format."),
                ExitCode.Failure,
                "mlenergy: internal error (FormatException): Input string was not in a correct format."
            },
            {
                new InvalidOperationException("Sequence contains no elements"),
                ExitCode.Failure,
                "mlenergy: internal error (InvalidOperationException): Sequence contains no elements"
            },
        };

    [Theory]
    [MemberData(nameof(Failures))]
    public void EachFailureHasOneExitCodeAndOneLine(Exception failure, ExitCode code, string line)
    {
        FailureReport.Code(failure).Should().Be(code);
        FailureReport.Lines(failure).Should().Equal(line);
    }

    [Fact]
    public void AFormatExceptionFromInsideTheProgramIsNotPassedOffAsBadInput() =>
        UsageErrors.IsUsageError(new FormatException("bad number in a data file")).Should().BeFalse();

    [Fact]
    public void AMessageOfSeveralFindingsIsOneLineEach() =>
        FailureReport
            .Lines(new SloFormatException("first\nsecond"))
            .Should()
            .Equal("mlenergy: first", "mlenergy: second");
}
