namespace MLEnergy.Cli.Output;

/// <summary>What the person reads: standard output for results, standard error for problems and progress.</summary>
public interface IConsoleOutput
{
    TextWriter Out { get; }

    TextWriter Error { get; }

    /// <summary>Whether standard error is a terminal a live status line can be redrawn on.</summary>
    bool ErrorIsTerminal => false;
}
