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
    private bool _inAccess;

    private readonly string? _tag;

    /// <param name="tag">Device tag put in the note of every line when several devices share one trace (null: none).</param>
    public TracingBus(IVirtioMmioBus inner, TraceRecorder trace, string? tag = null)
    {
        _inner = inner;
        _trace = trace;
        _tag = tag;
        _inner.InterruptLineChanged += OnLineChanged;
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

    public void ReadMemory(ulong address, Span<byte> destination) => _inner.ReadMemory(address, destination);

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source) => _inner.WriteMemory(address, source);

    public void Flush() => _inner.Flush();

    public void Dispose()
    {
        _inner.InterruptLineChanged -= OnLineChanged;
        _inner.Dispose();
    }

    private void Emit(TraceEntry entry) => Recorded?.Invoke(entry);

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
