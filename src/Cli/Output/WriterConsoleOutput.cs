namespace MLEnergy.Cli.Output;

/// <summary>A console over two writers, for tests and for capturing a command's output.</summary>
public sealed record WriterConsoleOutput(TextWriter Out, TextWriter Error) : IConsoleOutput;
