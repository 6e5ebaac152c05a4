using System.Diagnostics;

namespace LinuxVirtio.Tracing;

/// <summary>
/// Collects the register trace of one run (all devices): gives every entry its sequence number, time, execution
/// context and PM phase. Observers (the device-contract monitor) see each entry as it is recorded.
/// </summary>
public sealed class TraceRecorder
{
    private readonly List<TraceEntry> _entries = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The context the next entries are recorded in (set by the kernel model).</summary>
    public ExecContext Context { get; set; } = ExecContext.Process;

    /// <summary>The PM phase or driver step the next entries belong to (no whitespace).</summary>
    public string Phase { get; set; } = "boot";

    public IReadOnlyList<TraceEntry> Entries => _entries;

    /// <summary>Sequence number of the last recorded entry (0 before the first).</summary>
    public long LastSeq => _entries.Count == 0 ? 0 : _entries[^1].Seq;

    /// <summary>Seq of the last register access (not IRQ, phase or note lines).</summary>
    public long LastAccessSeq { get; private set; }

    public event Action<TraceEntry>? Recorded;

    public TraceEntry Record(TraceKind kind, int offset, int width, uint value, string? note = null)
    {
        var entry = new TraceEntry(_entries.Count + 1, _clock.Elapsed, kind, offset, width, value, Context, Phase, note);
        _entries.Add(entry);
        if (kind is TraceKind.Read or TraceKind.Write)
        {
            LastAccessSeq = entry.Seq;
        }

        Recorded?.Invoke(entry);
        return entry;
    }

    /// <summary>Starts a PM phase or driver step: sets <see cref="Phase"/> and records a phase line.</summary>
    public void Mark(string phase)
    {
        Phase = phase;
        Record(TraceKind.Phase, 0, 0, 0);
    }

    public void Note(string text) => Record(TraceKind.Note, 0, 0, 0, text);
}
