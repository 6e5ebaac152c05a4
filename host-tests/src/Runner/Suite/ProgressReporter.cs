namespace Runner.Suite;

/// <summary>
/// Progress on stderr. Into a log (stderr redirected, CI) every step is a line. On a terminal the current step is
/// one line rewritten in place, and only what matters stays on screen: failures, restarts and skips.
/// </summary>
public sealed class ProgressReporter
{
    private readonly TextWriter _error;
    private readonly bool _live;
    private readonly int _width;
    private int _transientLength;

    /// <param name="live">Rewrite one line in place (stderr is a terminal).</param>
    /// <param name="width">Terminal width: a live line is cut to fit, so it never wraps.</param>
    public ProgressReporter(TextWriter error, bool live, int width = 100)
    {
        _error = error;
        _live = live;
        _width = Math.Max(20, width - 1);
    }

    /// <summary>A step in progress (a scenario starts, a soak cycle ends).</summary>
    public void Transient(string text)
    {
        if (!_live)
        {
            _error.WriteLine(text);
            return;
        }

        string line = text.Length > _width ? text[.._width] : text;
        _error.Write('\r' + line.PadRight(_transientLength));
        _error.Flush();
        _transientLength = line.Length;
    }

    /// <summary>A step's result; <paramref name="keep"/> keeps it on a terminal (failures, skips).</summary>
    public void Result(string text, bool keep)
    {
        if (!_live)
        {
            _error.WriteLine(text);
        }
        else if (keep)
        {
            _error.WriteLine('\r' + text.PadRight(_transientLength));
            _transientLength = 0;
        }
        else
        {
            Transient(text);
        }
    }

    /// <summary>Clears the live line before the table is printed.</summary>
    public void Finish()
    {
        if (_live && _transientLength > 0)
        {
            _error.Write('\r' + new string(' ', _transientLength) + '\r');
            _error.Flush();
            _transientLength = 0;
        }
    }
}
