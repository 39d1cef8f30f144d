using System.Diagnostics;
using System.Text;

namespace MLEnergy.Integration.Tests.Support;

/// <summary>
/// <c>mlenergy govern</c> running as its own process, its output gathered as it comes so that a test can wait for a
/// line; stopped with SIGTERM or killed outright.
/// </summary>
internal sealed class GovernProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    public GovernProcess(params string[] args)
        : this(new Dictionary<string, string>(), args) { }

    /// <param name="environment">Variables to set for the process besides this one's.</param>
    public GovernProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MLEnergy.Cli.dll"));
        start.ArgumentList.Add("govern");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (gate)
            {
                return output.ToString();
            }
        }
    }

    public int ExitCode => process.ExitCode;

    /// <summary>
    /// Waits until the output has <paramref name="count"/> lines that <paramref name="matches"/>; fails after a minute.
    /// </summary>
    public async Task WaitForLineAsync(Func<string, bool> matches, string what, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (Output.Split('\n').Count(matches) >= count)
            {
                return;
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException(
                    $"govern should log {what}{(process.HasExited ? " before it exits" : "")}; its output:\n{Output}"
                );
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM, as a service manager stops it; waits for the exit.</summary>
    public async Task TerminateAsync()
    {
        using (
            var kill = Process.Start(
                "kill",
                ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            )
        )
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
    }

    /// <summary>kill -9: nothing of the process runs after it.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            output.AppendLine(line);
        }
    }
}
