using System.Runtime.InteropServices;

namespace MLEnergy.Cli;

/// <summary>
/// Ctrl-C (SIGINT), a service manager's SIGTERM and a closed terminal's SIGHUP cancel the command, and the process
/// stays alive until the command has put the host back (GPU settings, servers) and returned. A signal that arrives
/// while it does so changes nothing; kill -9 leaves the journal for <c>mlenergy restore</c>. A signal the process was
/// started ignoring stays ignored (the runtime keeps an inherited SIG_IGN): a run started under <c>nohup</c> goes on
/// when its terminal closes, as nohup asks.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _registrations = OperatingSystem.IsWindows()
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop)]
            :
            [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
                PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop),
            ];
    }

    /// <summary>Cancelled by the first of these signals (or by the caller's token).</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        // Not the runtime's default (ending the process): the command ends by itself once the host is put back.
        context.Cancel = true;

        // Cancelled on the thread pool: cancellation callbacks must not run on the signal-handling thread.
        ThreadPool.QueueUserWorkItem(_ => Cancel());
    }

    private void Cancel()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command has already returned.
        }
    }
}
