using LinuxVirtio.Bus;

namespace LinuxVirtio.Tracing;

/// <summary>
/// Decorates a device's bus so every register access and interrupt line change lands in the trace.
/// Memory (ring) accesses are CPU accesses to RAM and are not traced. Device register accesses go through here only.
/// </summary>
public sealed class TracingBus : IVirtioMmioBus
{
    private readonly IVirtioMmioBus _inner;
    private readonly TraceRecorder _trace;
    private readonly List<bool> _linesDuringAccess = new();
    private readonly Queue<long> _unpublished = new();
    private readonly IDisposable _settler;
    private bool _inAccess;

    private readonly string? _tag;

    /// <param name="tag">Device tag put in the note of every line when several devices share one trace (null: none).</param>
    public TracingBus(IVirtioMmioBus inner, TraceRecorder trace, string? tag = null)
    {
        _inner = inner;
        _trace = trace;
        _tag = tag;
        _inner.InterruptLineChanged += OnLineChanged;
        _settler = trace.AddSettler(() =>
        {
            if (_unpublished.Count > 0)
            {
                try
                {
                    _inner.Flush();
                }
                catch (BusException)
                {
                    // The link failed and whoever hit it first reports it; the entries keep their pending note.
                }
            }
        });
    }

    public ulong MemoryBase => _inner.MemoryBase;

    public int MemorySize => _inner.MemorySize;

    public bool InterruptLine => _inner.InterruptLine;

    public event Action<bool>? InterruptLineChanged;

    /// <summary>Every entry this bus records (register accesses and line changes), after it is in the trace.</summary>
    public event Action<TraceEntry>? Recorded;

    public IVirtioMmioBus Inner => _inner;

    public uint Read(int offset, int width)
    {
        _inAccess = true;
        uint value;
        try
        {
            value = _inner.Read(offset, width);
        }
        finally
        {
            _inAccess = false;
        }

        Emit(_trace.Record(TraceKind.Read, offset, width, value, _tag));
        EmitLineChanges();
        return value;
    }

    public void Write(int offset, int width, uint value)
    {
        _inAccess = true;
        try
        {
            _inner.Write(offset, width, value);
        }
        finally
        {
            _inAccess = false;
        }

        Emit(_trace.Record(TraceKind.Write, offset, width, value, _tag));
        EmitLineChanges();
    }

    public uint ReadModifyWriteOr(int offset, uint bits)
    {
        _inAccess = true;
        uint old;
        try
        {
            old = _inner.ReadModifyWriteOr(offset, bits);
        }
        finally
        {
            _inAccess = false;
        }

        Emit(_trace.Record(TraceKind.Read, offset, 4, old, _tag));
        Emit(_trace.Record(TraceKind.Write, offset, 4, old | bits, _tag));
        EmitLineChanges();
        return old;
    }

    /// <summary>
    /// Recorded in program order as a read and a write whose values arrive with the device's answer; observers of
    /// <see cref="Recorded"/> are held back until then, so they still see every entry in order with its real value.
    /// </summary>
    public void ReadModifyWriteOrDeferred(int offset, uint bits, Action<uint>? onOld)
    {
        long read = _trace.RecordPending(TraceKind.Read, offset, 4, _tag);
        long write = _trace.RecordPending(TraceKind.Write, offset, 4, _tag);
        _unpublished.Enqueue(read);
        _unpublished.Enqueue(write);
        _inAccess = true;
        try
        {
            _inner.ReadModifyWriteOrDeferred(offset, bits, old =>
            {
                _trace.Complete(read, old);
                _trace.Complete(write, old | bits);
                Publish();
                onOld?.Invoke(old);
            });
        }
        finally
        {
            _inAccess = false;
        }

        Publish();
        EmitLineChanges();
    }

    /// <summary>Recorded like <see cref="ReadModifyWriteOrDeferred"/>: the read's entry gets the device's real value.</summary>
    public uint ReadExpecting(int offset, int width, uint expected, Action<uint>? onValue)
    {
        long read = _trace.RecordPending(TraceKind.Read, offset, width, _tag);
        _unpublished.Enqueue(read);
        uint value;
        _inAccess = true;
        try
        {
            value = _inner.ReadExpecting(offset, width, expected, real =>
            {
                _trace.Complete(read, real);
                Publish();
                onValue?.Invoke(real);
            });
        }
        finally
        {
            _inAccess = false;
        }

        Publish();
        EmitLineChanges();
        return value;
    }

    public void ReadMemoryExpecting(ulong address, Span<byte> destination, ReadOnlySpan<byte> expected, Action<byte[]>? onData) =>
        _inner.ReadMemoryExpecting(address, destination, expected, onData);

    public void ReadMemory(ulong address, Span<byte> destination) => _inner.ReadMemory(address, destination);

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source) => _inner.WriteMemory(address, source);

    public void Flush() => _inner.Flush();

    public void Dispose()
    {
        _inner.InterruptLineChanged -= OnLineChanged;
        _settler.Dispose();
        _inner.Dispose();
    }

    private void Emit(TraceEntry entry)
    {
        _unpublished.Enqueue(entry.Seq);
        Publish();
    }

    // Observers get this bus's entries in order, each once its value is known.
    private void Publish()
    {
        while (_unpublished.Count > 0 && !_trace.IsPending(_unpublished.Peek()))
        {
            TraceEntry next = _trace.EntryAt(_unpublished.Dequeue());
            Recorded?.Invoke(next);
        }
    }

    // A line change caused by an access is recorded after that access, as in the real traces.
    private void EmitLineChanges()
    {
        for (int i = 0; i < _linesDuringAccess.Count; i++)
        {
            RecordLine(_linesDuringAccess[i]);
        }

        _linesDuringAccess.Clear();
    }

    private void OnLineChanged(bool level)
    {
        if (_inAccess)
        {
            _linesDuringAccess.Add(level);
            return;
        }

        RecordLine(level);
    }

    private void RecordLine(bool level)
    {
        Emit(_trace.Record(TraceKind.IrqLine, 0, 0, level ? 1u : 0u, _tag));
        InterruptLineChanged?.Invoke(level);
    }
}
