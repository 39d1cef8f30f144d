using System.Globalization;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Cli.Output;

/// <summary>
/// What the host is doing during a trial (starting a server, warming up, measuring). On a terminal it is one status
/// line redrawn in place with the time it has taken so far, cleared before any other line is written through
/// <see cref="WriteLine"/>; elsewhere (a log, a pipe) each activity is one plain line.
/// </summary>
internal sealed class HostActivityPrinter : IProgress<HostActivity>, IDisposable
{
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly TimeProvider _time;
    private readonly ITimer? _timer;
    private readonly Lock _lock = new();
    private HostActivity? _current;
    private bool _drawn;

    public HostActivityPrinter(TextWriter output, bool live, TimeProvider time)
    {
        _output = output;
        _live = live;
        _time = time;
        _timer = live ? time.CreateTimer(_ => Redraw(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) : null;
    }

    public void Report(HostActivity value)
    {
        lock (_lock)
        {
            _current = value;
            if (_live)
            {
                Draw();
            }
            else
            {
                _output.WriteLine($"  ... {value.What}");
            }
        }
    }

    /// <summary>Writes a line of its own, the status line cleared first and drawn again after.</summary>
    public void WriteLine(string line)
    {
        lock (_lock)
        {
            Clear();
            _output.WriteLine(line);
            if (_live && _current is not null)
            {
                Draw();
            }
        }
    }

    /// <summary>The trial is over: the status line goes until the next activity.</summary>
    public void Done()
    {
        lock (_lock)
        {
            Clear();
            _current = null;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        Done();
    }

    private void Redraw()
    {
        lock (_lock)
        {
            if (_current is not null)
            {
                Draw();
            }
        }
    }

    private void Draw()
    {
        var since = _time.GetUtcNow() - _current!.At;
        var text = string.Create(CultureInfo.InvariantCulture, $"  ... {_current.What} ({since.TotalSeconds:0} s)");
        _output.Write($"\r\u001b[2K{(text.Length > 100 ? text[..100] : text)}");
        _output.Flush();
        _drawn = true;
    }

    private void Clear()
    {
        if (_drawn)
        {
            _output.Write("\r\u001b[2K");
            _drawn = false;
        }
    }
}
