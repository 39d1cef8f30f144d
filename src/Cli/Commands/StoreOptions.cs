using System.CommandLine;

namespace MLEnergy.Cli.Commands;

/// <summary>The options every history verb shares: which store, which state directory.</summary>
internal sealed class StoreOptions
{
    public Option<string?> Store { get; } =
        new("--store")
        {
            Description =
                "History store: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB (default: STATE/history.db)",
        };

    public Option<string?> StateDir { get; } =
        new("--state-dir")
        {
            Description = "State directory (default: $XDG_STATE_HOME/mlenergy or ~/.local/state/mlenergy)",
        };

    public void AddTo(Command command)
    {
        command.Options.Add(Store);
        command.Options.Add(StateDir);
    }

    public string StateDirectory(ParseResult parse) => OptionValues.StateDirectory(parse.GetValue(StateDir));
}
