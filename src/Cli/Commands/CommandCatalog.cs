using System.CommandLine;
using MLEnergy.Cli.Output;

namespace MLEnergy.Cli.Commands;

/// <summary>Every verb of <c>mlenergy</c>, one file each; adding a verb is adding one line here.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(IConsoleOutput console)
    {
        yield return OptimizeCommand.Create(console);
        yield return DevicesCommand.Create(console);
        yield return MeasureCommand.Create(console);
        yield return RestoreCommand.Create(console);
        yield return SimServerCommand.Create(console);
        yield return HistoryCommand.Create(console);
        yield return ReportCommand.Create(console);
        yield return ApplyCommand.Create(console);
        yield return GovernCommand.Create(console);
    }
}
