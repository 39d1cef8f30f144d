namespace MLEnergy.Cli.Output;

/// <summary>What the person reads: standard output for results, standard error for problems and progress.</summary>
public interface IConsoleOutput
{
    TextWriter Out { get; }

    TextWriter Error { get; }
}
