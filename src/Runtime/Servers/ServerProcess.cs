using System.Diagnostics;

namespace MLEnergy.Runtime.Servers;

/// <summary>
/// One running server: started without a shell, its stdout and stderr copied to files in the run folder, checked
/// for health, and stopped with SIGTERM then SIGKILL.
/// </summary>
public sealed class ServerProcess : IServingServer, IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _copying;
    private readonly TimeSpan _grace;

    private ServerProcess(Process process, ServerLaunch launch, string stdoutPath, string stderrPath, TimeSpan grace)
    {
        _process = process;
        Launch = launch;
        StdoutPath = stdoutPath;
        StderrPath = stderrPath;
        _grace = grace;
        _copying = Task.WhenAll(
            CopyAsync(process.StandardOutput.BaseStream, stdoutPath),
            CopyAsync(process.StandardError.BaseStream, stderrPath)
        );
    }

    public ServerLaunch Launch { get; }

    public int ProcessId => _process.Id;

    public DateTimeOffset StartTime => _process.StartTime.ToUniversalTime();

    public string StdoutPath { get; }

    public string StderrPath { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public Uri BaseUrl => Launch.BaseUrl;

    public string? ExitReason =>
        _process.HasExited
            ? $"the server exited with code {_process.ExitCode} during the trial; its log: {StderrPath}"
            : null;

    public static ServerProcess Start(ServerSpec spec, ServerLaunch launch, string logPrefix)
    {
        var start = new ProcessStartInfo(launch.Arguments[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in launch.Arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process =
                Process.Start(start) ?? throw new ServerStartException($"the server did not start: {launch.Display}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ServerStartException($"cannot start the server '{launch.Arguments[0]}': {e.Message}", e);
        }

        process.StandardInput.Close();
        return new ServerProcess(
            process,
            launch,
            logPrefix + ".stdout.log",
            logPrefix + ".stderr.log",
            spec.StopGracePeriod
        );
    }

    /// <summary>
    /// Polls the health URL until it answers 2xx; throws when the process exits or the timeout passes.
    /// </summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await _copying
                    .WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw new ServerStartException(
                    $"the server exited with code {_process.ExitCode} before becoming healthy ({Launch.Display}); "
                        + $"its log: {StderrPath}{LastLine()}"
                );
            }

            if (deadline.Elapsed >= timeout)
            {
                throw new ServerStartException(
                    $"the server did not become healthy at {Launch.HealthUrl} within {timeout.TotalSeconds:0.#} s "
                        + $"({Launch.Display}); its log: {StderrPath}"
                );
            }

            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                probe.CancelAfter(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync(Launch.HealthUrl, probe.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e)
                when (e is HttpRequestException
                    || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                ) { }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await ProcessSignals.StopAsync(_process, _grace, cancellationToken);
        await _copying
            .WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _process.Dispose();
    }

    private string LastLine()
    {
        try
        {
            var last = File.ReadLines(StderrPath).LastOrDefault(l => !string.IsNullOrWhiteSpace(l));
            return last is null ? string.Empty : $"; last line: {last.Trim()}";
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static async Task CopyAsync(Stream source, string path)
    {
        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var buffer = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read));
            await file.FlushAsync();
        }
    }
}
