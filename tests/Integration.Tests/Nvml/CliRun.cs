using MLEnergy.Cli;
using MLEnergy.Cli.Output;

namespace MLEnergy.Integration.Tests.Nvml;

/// <summary>One in-process run of <c>mlenergy</c>: exit code and everything written to stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MlEnergyApp.RunAsync(args, new WriterConsoleOutput(output, error), CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
