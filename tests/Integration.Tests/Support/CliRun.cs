using MLEnergy.Cli;
using MLEnergy.Cli.Output;

namespace MLEnergy.Integration.Tests.Support;

/// <summary>Runs <c>mlenergy</c> in-process with captured standard output and error.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MlEnergyApp.RunAsync(args, new WriterConsoleOutput(output, error), CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
