using System.Diagnostics;

namespace MLEnergy.Integration.Tests.Nvml;

/// <summary>The real <c>mlenergy</c> program as a child process, with the driver chosen by environment.</summary>
[Collection(NvmlStubGroup.Name)]
public sealed class ChildProcessTests
{
    private readonly NvmlStubFixture _stub;

    public ChildProcessTests(NvmlStubFixture stub) => _stub = stub;

    [Fact]
    public async Task MeasureAsAProgramPassesOutputThroughAndKeepsTheExitCode()
    {
        var (exitCode, output, error) = await Mlenergy(
            _stub.LibraryPath,
            "measure",
            "--",
            "sh",
            "-c",
            "echo hello; exit 4"
        );

        exitCode.Should().Be(4);
        output.Should().Be("hello\n");
        error.Should().Contain("gpu0").And.Contain("gpu2");
    }

    [Fact]
    public async Task DevicesWithoutADriverSaysSoPlainlyAndSucceeds()
    {
        var missing = Path.Combine(_stub.Directory, "absent", "libnvidia-ml.so.1");

        var (exitCode, output, _) = await Mlenergy(missing, "devices");

        exitCode.Should().Be(0);
        output.Should().StartWith("GPUs: none (no NVIDIA driver found");
    }

    [Fact]
    public async Task MeasureWithoutADriverStillTimesTheCommandAndNamesWhatIsMissing()
    {
        var missing = Path.Combine(_stub.Directory, "absent", "libnvidia-ml.so.1");

        var (exitCode, _, error) = await Mlenergy(missing, "measure", "--", "true");

        exitCode.Should().Be(0);
        error.Should().Contain("elapsed").And.Contain("gpu            not measured: no NVIDIA driver found");
    }

    private static async Task<(int ExitCode, string Output, string Error)> Mlenergy(
        string nvmlLibrary,
        params string[] args
    )
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MLEnergy.Cli.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[NvmlStubFixture.LibraryVariable] = nvmlLibrary;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
