using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MLEnergy.Integration.Tests.Support;

/// <summary>
/// <c>mlenergy</c> running as its own process with the environment a test gives it (on top of this one's), its output
/// gathered as it comes; a test signals it as a terminal, a service manager or <c>kill -9</c> would. The one way tests
/// start the CLI as a process.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder standardOutput = new();
    private readonly Lock gate = new();

    public CliProcess(params string[] args)
        : this(new Dictionary<string, string>(), args) { }

    public CliProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // Started with SIGHUP, SIGINT and SIGTERM at their default actions: a test runner started under nohup ignores
        // SIGHUP, one started as a background job of a shell without job control (`cmd &` in a script) ignores SIGINT,
        // and its children would inherit that (the CLI then rightly goes on when sent one, as such a run should).
        var start = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (OperatingSystem.IsLinux())
        {
            start.ArgumentList.Add("--default-signal=HUP,INT,TERM");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MLEnergy.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data, toStandardOutput: true);
        process.ErrorDataReceived += (_, e) => Append(e.Data, toStandardOutput: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Standard output and error, line by line in the order they came.</summary>
    public string Output => Read(output);

    /// <summary>Standard output alone (a <c>--json</c> document, say).</summary>
    public string StandardOutput => Read(standardOutput);

    public bool HasExited => process.HasExited;

    /// <summary>The exit code, once <see cref="WaitForExitAsync"/> has returned.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Runs to the end; the exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        IReadOnlyDictionary<string, string> environment,
        params string[] args
    )
    {
        using var run = new CliProcess(environment, args);
        var code = await run.WaitForExitAsync();
        return (code, run.Output);
    }

    /// <summary>Waits until <paramref name="condition"/> holds while it runs; fails after two minutes.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException(
                    $"mlenergy should have {what}{(process.HasExited ? " before it exited" : "")}; its output:\n"
                        + Output
                );
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends a signal by name (<c>INT</c>, <c>TERM</c>, <c>HUP</c>, <c>KILL</c>).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>
    /// The exit code, once all its output is gathered; fails with what it wrote when the process has not exited
    /// within two minutes (and ends it).
    /// </summary>
    public async Task<int> WaitForExitAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException(
                "mlenergy should have exited within two minutes; its output:\n" + Output
            );
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
    }

    private string Read(StringBuilder text)
    {
        lock (gate)
        {
            return text.ToString();
        }
    }

    private void Append(string? line, bool toStandardOutput)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            output.AppendLine(line);
            if (toStandardOutput)
            {
                standardOutput.AppendLine(line);
            }
        }
    }
}
