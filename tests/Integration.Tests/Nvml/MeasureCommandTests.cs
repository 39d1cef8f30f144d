using System.Globalization;
using System.Text.Json;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Nvml;

[Collection(NvmlStubGroup.Name)]
public sealed class MeasureCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlenergy-measure-").FullName;

    public MeasureCommandTests(NvmlStubFixture stub) => _ = stub;

    [Fact]
    public async Task MeasurePassesOutputThroughAndExitsWithTheCommandsCode()
    {
        var run = await CliRun.RunAsync("measure", "--", "sh", "-c", "echo to-out; echo to-err >&2; exit 3");

        run.ExitCode.Should().Be(3);
        run.Out.Should().Be("to-out\n");
        run.Error.Should().StartWith("to-err\n").And.Contain("exit code 3").And.Contain("gpu0").And.Contain("W avg");
    }

    [Fact]
    public async Task MeasureReportsEnergyAndPowerOfEveryGpuAsJson()
    {
        var run = await CliRun.RunAsync("measure", "--json", "--", "sleep", "0.5");

        run.ExitCode.Should().Be(0);
        using var json = JsonDocument.Parse(run.ErrorLines[^1]);
        var sources = json
            .RootElement.GetProperty("sources")
            .EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s);
        var elapsed = json.RootElement.GetProperty("elapsed_s").GetDouble();
        elapsed.Should().BeGreaterThanOrEqualTo(0.5);
        sources["gpu0"].GetProperty("average_power_w").GetDouble().Should().BeApproximately(300, 3);
        sources["gpu0"].GetProperty("energy_j").GetDouble().Should().BeApproximately(300 * elapsed, 3 * elapsed);
        sources["gpu0"].GetProperty("peak_power_w").GetDouble().Should().Be(305);
        sources["gpu0"].GetProperty("method").GetString().Should().Be("Counter");
        sources["gpu1"].GetProperty("average_power_w").GetDouble().Should().BeApproximately(250, 3);
        sources["gpu2"].GetProperty("method").GetString().Should().Be("PowerIntegration");
        sources["gpu2"].GetProperty("average_power_w").GetDouble().Should().BeApproximately(70, 1);
        sources["gpu2"].GetProperty("estimated").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task MeasureMetersOnlyTheChosenGpus()
    {
        var run = await CliRun.RunAsync("measure", "--json", "--gpus", "2", "--", "true");

        using var json = JsonDocument.Parse(run.ErrorLines[^1]);
        json.RootElement.GetProperty("sources")
            .EnumerateArray()
            .Where(s => s.GetProperty("kind").GetString() == "Gpu")
            .Select(s => s.GetProperty("name").GetString())
            .Should()
            .Equal("gpu2");
    }

    [Fact]
    public async Task MeasureWritesThePowerTraceAsCsv()
    {
        var csv = Path.Combine(_folder, "trace.csv");

        // The command runs until the trace it is being measured by holds four rounds of samples (rows are written
        // as they are taken), so the row count does not depend on how fast the machine is.
        var waitForRows = $"until [ \"$(wc -l < '{csv}')\" -ge 13 ]; do sleep 0.02; done";

        var run = await CliRun.RunAsync("measure", "--csv", csv, "--interval", "20ms", "--", "sh", "-c", waitForRows);

        run.ExitCode.Should().Be(0);
        var lines = File.ReadAllLines(csv);
        lines[0].Should().Be("timestamp,device,power_w,energy_j,sm_clock_mhz");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        rows.Select(r => r[1]).Distinct().Should().BeEquivalentTo("gpu0", "gpu1", "gpu2");
        rows.Length.Should().BeGreaterThanOrEqualTo(5 * 3, "four rounds while the command ran and one as it ended");
        rows.Length.Should().Be(rows.Count(r => r[1] == "gpu0") * 3, "every round samples every GPU");
        rows.Where(r => r[1] == "gpu0").Should().OnlyContain(r => r[2] == "305" && r[4] == "1980");
        rows.Where(r => r[1] == "gpu2").Last()[3].Should().NotBeEmpty();
        double.Parse(rows.Where(r => r[1] == "gpu0").Last()[3], CultureInfo.InvariantCulture).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task TheTraceOfACommandShorterThanOneIntervalHoldsItsStartAndItsEnd()
    {
        var csv = Path.Combine(_folder, "short.csv");

        var run = await CliRun.RunAsync("measure", "--csv", csv, "--interval", "10s", "--", "true");

        run.ExitCode.Should().Be(0);
        var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToArray();
        rows.Where(r => r[1] == "gpu0").Should().HaveCount(2);
        rows.Where(r => r[1] == "gpu0").First()[3].Should().Be("0");
    }

    [Theory]
    [InlineData("--gpus", "5")]
    [InlineData("--gpus", "zero")]
    [InlineData("--interval", "5ms")]
    [InlineData("--interval", "soon")]
    public async Task BadOptionsAreOneLineAndExitCodeTwo(string option, string value)
    {
        var run = await CliRun.RunAsync("measure", option, value, "--", "true");

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith("mlenergy measure: ");
        run.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task AMissingCommandIsAUsageError()
    {
        var run = await CliRun.RunAsync("measure");

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("no command to measure");
    }

    [Fact]
    public async Task ACommandThatCannotStartIsAUsageError()
    {
        var run = await CliRun.RunAsync("measure", "--", "/nonexistent/mlenergy-no-such-program");

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should()
            .ContainSingle()
            .Which.Should()
            .Contain("cannot start '/nonexistent/mlenergy-no-such-program'");
    }

    [Fact]
    public async Task ADirectoryGivenAsTheCommandIsNamedAsOne()
    {
        var run = await CliRun.RunAsync("measure", "--", _folder);

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().Equal($"mlenergy: cannot start '{_folder}': it is a directory, not a program");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
