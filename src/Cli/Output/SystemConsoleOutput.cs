namespace MLEnergy.Cli.Output;

/// <summary>The process's own standard output and error.</summary>
public sealed class SystemConsoleOutput : IConsoleOutput
{
    public TextWriter Out => Console.Out;

    public TextWriter Error => Console.Error;

    public bool ErrorIsTerminal => !Console.IsErrorRedirected;
}
