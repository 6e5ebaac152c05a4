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
    private readonly Dictionary<long, string?> _pendingNotes = new();
    private readonly List<Action> _settlers = new();
    private int _published;
    private bool _settling;

    /// <summary>The context the next entries are recorded in (set by the kernel model).</summary>
    public ExecContext Context { get; set; } = ExecContext.Process;

    /// <summary>The PM phase or driver step the next entries belong to (no whitespace).</summary>
    public string Phase { get; set; } = "boot";

    /// <summary>
    /// Every entry so far. Reading it first completes every deferred access (see <see cref="RecordPending"/>), so a
    /// reader never sees a value the device has not answered yet.
    /// </summary>
    public IReadOnlyList<TraceEntry> Entries
    {
        get
        {
            Settle();
            return _entries;
        }
    }

    /// <summary>
    /// Registers how to complete deferred accesses (a bus's Flush), run when <see cref="Entries"/> is read while some
    /// are pending. Returns a handle that unregisters it.
    /// </summary>
    public IDisposable AddSettler(Action settle)
    {
        _settlers.Add(settle);
        return new Unregister(() => _settlers.Remove(settle));
    }

    /// <summary>The entry with sequence number <paramref name="seq"/>, as recorded so far (no settling).</summary>
    public TraceEntry EntryAt(long seq) => _entries[(int)seq - 1];

    private void Settle()
    {
        if (_pendingNotes.Count == 0 || _settling)
        {
            return;
        }

        _settling = true;
        try
        {
            foreach (var settle in _settlers.ToArray())
            {
                settle();
            }
        }
        finally
        {
            _settling = false;
        }
    }

    private sealed class Unregister(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    /// <summary>Sequence number of the last recorded entry (0 before the first).</summary>
    public long LastSeq => _entries.Count == 0 ? 0 : _entries[^1].Seq;

    /// <summary>Seq of the last register access (not IRQ, phase or note lines).</summary>
    public long LastAccessSeq { get; private set; }

    public event Action<TraceEntry>? Recorded;

    /// <summary>Note carried by an entry whose value the device has not answered yet (see <see cref="RecordPending"/>).</summary>
    public const string PendingNote = "pending: the device has not answered yet";

    public TraceEntry Record(TraceKind kind, int offset, int width, uint value, string? note = null)
    {
        var entry = new TraceEntry(_entries.Count + 1, _clock.Elapsed, kind, offset, width, value, Context, Phase, note);
        _entries.Add(entry);
        if (kind is TraceKind.Read or TraceKind.Write)
        {
            LastAccessSeq = entry.Seq;
        }

        Publish();
        return entry;
    }

    /// <summary>
    /// Records an access in program order whose value arrives later (a deferred read-modify-write over the bridge);
    /// <see cref="Complete"/> fills it in. Until then it reads <see cref="PendingNote"/>, and observers are held back
    /// from it and every later entry, so they always see the trace in order and with real values. Returns its seq.
    /// </summary>
    public long RecordPending(TraceKind kind, int offset, int width, string? note = null)
    {
        var entry = new TraceEntry(_entries.Count + 1, _clock.Elapsed, kind, offset, width, 0, Context, Phase, PendingNote);
        _entries.Add(entry);
        _pendingNotes[entry.Seq] = note;
        LastAccessSeq = entry.Seq;
        return entry.Seq;
    }

    /// <summary>Fills in the value of an entry recorded with <see cref="RecordPending"/>.</summary>
    public void Complete(long seq, uint value)
    {
        if (!_pendingNotes.Remove(seq, out string? note))
        {
            throw new InvalidOperationException($"trace entry #{seq} is not pending");
        }

        int index = (int)seq - 1;
        _entries[index] = _entries[index] with { Value = value, Note = note };
        Publish();
    }

    /// <summary>True while the entry <paramref name="seq"/> waits for the device's answer.</summary>
    public bool IsPending(long seq) => _pendingNotes.ContainsKey(seq);

    /// <summary>Entries recorded but not yet answered by the device (0 once every deferred access has executed).</summary>
    public int PendingCount => _pendingNotes.Count;

    // Hands observers every entry up to the first pending one, in order.
    private void Publish()
    {
        while (_published < _entries.Count && !_pendingNotes.ContainsKey(_entries[_published].Seq))
        {
            TraceEntry next = _entries[_published++];
            Recorded?.Invoke(next);
        }
    }

    /// <summary>Starts a PM phase or driver step: sets <see cref="Phase"/> and records a phase line.</summary>
    public void Mark(string phase)
    {
        Phase = phase;
        Record(TraceKind.Phase, 0, 0, 0);
    }

    public void Note(string text) => Record(TraceKind.Note, 0, 0, 0, text);
}
