using System.CommandLine;
using MLEnergy.Cli.Output;
using MLEnergy.Profiler.Devices;
using MLEnergy.Profiler.Rapl;

namespace MLEnergy.Cli.Commands;

internal static class DevicesCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var json = new Option<bool>("--json") { Description = "Print the inventory as JSON." };
        var command = new Command(
            "devices",
            "List GPUs (energy counter, SM clock and power limit ranges; a GPU the driver cannot reach with why, "
                + "exit 1), RAPL domains, and whether this process may change clocks."
        )
        {
            json,
        };
        command.SetAction(
            (parseResult, cancellationToken) =>
            {
                var report = new DeviceInventory(new RaplReader(), new PrivilegeReader()).Take();
                if (parseResult.GetValue(json))
                {
                    console.Out.WriteLine(DeviceReportJson.Write(report));
                }
                else
                {
                    DeviceReportText.Write(report, console.Out);
                }

                if (report.EveryGpuReachable)
                {
                    return Task.FromResult((int)ExitCode.Success);
                }

                var lost = string.Join(", ", report.UnreachableGpus.Select(g => $"GPU {g.Index}"));
                console.Error.WriteLine(
                    $"mlenergy devices: not every GPU the driver counts is usable: {lost} cannot be reached"
                );
                return Task.FromResult((int)ExitCode.Failure);
            }
        );
        return command;
    }
}
