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
    private readonly string _launchToken;

    private ServerProcess(
        string launchToken,
        Process process,
        ServerLaunch launch,
        string stdoutPath,
        string stderrPath,
        TimeSpan grace
    )
    {
        _launchToken = launchToken;
        _process = process;
        Launch = launch;
        StdoutPath = stdoutPath;
        StderrPath = stderrPath;
        _grace = grace;
        StartTime = ReadStartTime(process);
        _copying = Task.WhenAll(
            CopyAsync(process.StandardOutput.BaseStream, stdoutPath),
            CopyAsync(process.StandardError.BaseStream, stderrPath)
        );
    }

    public ServerLaunch Launch { get; }

    public int ProcessId => _process.Id;

    /// <summary>When the process started; null for one that was gone before it could be read.</summary>
    public DateTimeOffset? StartTime { get; }

    public string StdoutPath { get; }

    public string StderrPath { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public Uri BaseUrl => Launch.BaseUrl;

    public string? ExitReason =>
        _process.HasExited
            ? $"the server exited with code {_process.ExitCode} during the trial; its log: {StderrPath}"
            : null;

    /// <summary>
    /// Starts the server in a process group of its own (through <c>setsid</c> where the host has it) so that stopping
    /// it reaches every process it started, with <see cref="ProcessSignals.LaunchVariable"/> set to
    /// <paramref name="launchToken"/> so that its processes can be found from the journal after the tuner died.
    /// </summary>
    public static ServerProcess Start(ServerSpec spec, ServerLaunch launch, string logPrefix, string launchToken)
    {
        var program = launch.Arguments[0];
        if (ProgramPath.Resolve(program, spec.WorkingDirectory) is null)
        {
            throw new ServerStartException($"cannot start the server '{program}': no such program");
        }

        var wrapper = ProgramPath.Resolve("setsid", null);
        var start = new ProcessStartInfo(wrapper ?? program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in launch.Arguments.Skip(wrapper is null ? 1 : 0))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment[ProcessSignals.LaunchVariable] = launchToken;

        Process process;
        try
        {
            process =
                Process.Start(start) ?? throw new ServerStartException($"the server did not start: {launch.Display}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ServerStartException($"cannot start the server '{program}': {e.Message}", e);
        }

        process.StandardInput.Close();
        return new ServerProcess(
            launchToken,
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
                        + $"its log: {StderrPath}{Tail()}"
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
        await ProcessSignals.StopAsync(_process, _grace, cancellationToken, _launchToken);
        await _copying
            .WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _process.Dispose();
    }

    /// <summary>
    /// The last lines of the server's stderr (at most 5, 600 characters), read from the end of the file.
    /// </summary>
    private string Tail()
    {
        try
        {
            using var file = new FileStream(StderrPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            file.Seek(Math.Max(0, file.Length - 4096), SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            var lines = reader
                .ReadToEnd()
                .Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.Length > 0)
                .TakeLast(5)
                .ToList();
            var tail = string.Join(" | ", lines);
            tail = tail.Length > 600 ? tail[^600..] : tail;
            return lines.Count == 0 ? "; it wrote nothing on stderr" : $"; stderr ends: {tail}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static DateTimeOffset? ReadStartTime(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
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
