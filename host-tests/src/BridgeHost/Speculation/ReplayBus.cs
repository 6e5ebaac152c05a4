using LinuxVirtio.Bus;

namespace BridgeHost.Speculation;

/// <summary>
/// The bus a speculative body runs on (<see cref="SpeculativeRunner"/>). It journals every access in program order
/// with what the device answered. After a misprediction the body runs again from the start: every access the device
/// already executed is answered from the journal (and checked to be the same access), the mispredicted read gets
/// the device's real answer, and everything after it goes to the device for the first time. So the device executes
/// each access exactly once, in the order the body issued them, and the body sees exactly what the device returned.
/// Interrupt levels are not journaled: <see cref="InterruptLine"/> is always the live level.
/// </summary>
internal sealed class ReplayBus : IVirtioMmioBus
{
    private readonly IVirtioMmioBus _inner;
    private readonly List<Access> _journal = new();
    private int _cursor;
    private int _executedThrough = -1;

    public ReplayBus(IVirtioMmioBus inner)
    {
        _inner = inner;
        _inner.InterruptLineChanged += OnLine;
    }

    public ulong MemoryBase => _inner.MemoryBase;

    public int MemorySize => _inner.MemorySize;

    public bool InterruptLine => _inner.InterruptLine;

    public event Action<bool>? InterruptLineChanged;

    /// <summary>Accesses answered from the journal instead of the device, over all attempts.</summary>
    public long Replayed { get; private set; }

    /// <summary>Starts an attempt: the body's first access is journal entry 0 again.</summary>
    public void Rewind() => _cursor = 0;

    /// <summary>Starts a new body: forgets the journal.</summary>
    public void Clear()
    {
        _journal.Clear();
        _cursor = 0;
        _executedThrough = -1;
    }

    /// <summary>
    /// After a misprediction: keeps the accesses the device executed (up to and including the mispredicted read,
    /// whose journaled answer is now the real one) and drops the rest, which never reached the device.
    /// </summary>
    public void KeepExecuted()
    {
        _journal.RemoveRange(_executedThrough + 1, _journal.Count - _executedThrough - 1);
    }

    public uint Read(int offset, int width)
    {
        var call = new Access(AccessKind.Read, offset, width, 0, 0, null);
        if (TryReplay(call, out Access done))
        {
            return done.Answer;
        }

        int index = Append(call);
        uint value = _inner.Read(offset, width);
        Executed(index, value, null);
        return value;
    }

    public void Write(int offset, int width, uint value)
    {
        var call = new Access(AccessKind.Write, offset, width, value, 0, null);
        if (!TryReplay(call, out _))
        {
            Append(call);
            _inner.Write(offset, width, value);
        }
    }

    public uint ReadModifyWriteOr(int offset, uint bits)
    {
        var call = new Access(AccessKind.ReadModifyWrite, offset, 4, bits, 0, null);
        if (TryReplay(call, out Access done))
        {
            return done.Answer;
        }

        int index = Append(call);
        uint old = _inner.ReadModifyWriteOr(offset, bits);
        Executed(index, old, null);
        return old;
    }

    public void ReadModifyWriteOrDeferred(int offset, uint bits, Action<uint>? onOld)
    {
        var call = new Access(AccessKind.ReadModifyWrite, offset, 4, bits, 0, null);
        if (TryReplay(call, out Access done))
        {
            onOld?.Invoke(done.Answer);
            return;
        }

        int index = Append(call);
        _inner.ReadModifyWriteOrDeferred(offset, bits, old =>
        {
            Executed(index, old, null);
            onOld?.Invoke(old);
        });
    }

    public uint ReadExpecting(int offset, int width, uint expected, Action<uint>? onValue)
    {
        var call = new Access(AccessKind.Read, offset, width, 0, 0, null);
        if (TryReplay(call, out Access done))
        {
            onValue?.Invoke(done.Answer);
            return done.Answer;
        }

        int index = Append(call);
        return _inner.ReadExpecting(offset, width, expected, value =>
        {
            Executed(index, value, null);
            onValue?.Invoke(value);
        });
    }

    public void ReadMemory(ulong address, Span<byte> destination)
    {
        var call = new Access(AccessKind.ReadMemory, 0, destination.Length, 0, address, null);
        if (TryReplay(call, out Access done))
        {
            done.AnswerData!.CopyTo(destination);
            return;
        }

        int index = Append(call);
        _inner.ReadMemory(address, destination);
        Executed(index, 0, destination.ToArray());
    }

    public void ReadMemoryExpecting(ulong address, Span<byte> destination, ReadOnlySpan<byte> expected, Action<byte[]>? onData)
    {
        var call = new Access(AccessKind.ReadMemory, 0, destination.Length, 0, address, null);
        if (TryReplay(call, out Access done))
        {
            done.AnswerData!.CopyTo(destination);
            onData?.Invoke(done.AnswerData!);
            return;
        }

        int index = Append(call);
        _inner.ReadMemoryExpecting(address, destination, expected, data =>
        {
            Executed(index, 0, data);
            onData?.Invoke(data);
        });
    }

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source)
    {
        var call = new Access(AccessKind.WriteMemory, 0, source.Length, 0, address, source.ToArray());
        if (!TryReplay(call, out _))
        {
            Append(call);
            _inner.WriteMemory(address, source);
        }
    }

    public void Flush()
    {
        // Inside the journaled prefix everything has executed already.
        if (_cursor >= _journal.Count)
        {
            _inner.Flush();
            _executedThrough = _journal.Count - 1;
        }
    }

    public void Dispose() => _inner.InterruptLineChanged -= OnLine;

    private void OnLine(bool level) => InterruptLineChanged?.Invoke(level);

    /// <summary>Answers the access from the journal if the device already executed it in an earlier attempt.</summary>
    private bool TryReplay(Access call, out Access done)
    {
        if (_cursor >= _journal.Count)
        {
            done = call;
            return false;
        }

        done = _journal[_cursor];
        if (!done.SameRequest(call))
        {
            throw new InvalidOperationException(
                $"speculative body is not deterministic: access #{_cursor} was {done.Describe()} and is now {call.Describe()}");
        }

        _cursor++;
        Replayed++;
        return true;
    }

    private int Append(Access call)
    {
        _journal.Add(call);
        _cursor = _journal.Count;
        return _journal.Count - 1;
    }

    /// <summary>The device answered access <paramref name="index"/>: it and everything before it have executed.</summary>
    private void Executed(int index, uint value, byte[]? data)
    {
        if (index < _journal.Count)
        {
            _journal[index].Answer = value;
            _journal[index].AnswerData = data;
        }

        _executedThrough = Math.Max(_executedThrough, index);
    }

    private enum AccessKind
    {
        Read,
        Write,
        ReadModifyWrite,
        ReadMemory,
        WriteMemory,
    }

    /// <summary>
    /// One journaled access: the request (kind, offset/width or address/length, the value or bytes written, the bits
    /// OR-ed in) and, once the device executed it, the answer (register value, old value, or bytes read).
    /// </summary>
    private sealed record Access(AccessKind Kind, int Offset, int Width, uint Written, ulong Address, byte[]? WrittenData)
    {
        public uint Answer { get; set; }

        public byte[]? AnswerData { get; set; }

        public bool SameRequest(Access other)
        {
            if (Kind != other.Kind || Offset != other.Offset || Width != other.Width || Address != other.Address)
            {
                return false;
            }

            return Kind switch
            {
                AccessKind.Write or AccessKind.ReadModifyWrite => Written == other.Written,
                AccessKind.WriteMemory => WrittenData.AsSpan().SequenceEqual(other.WrittenData),
                _ => true,
            };
        }

        public string Describe() => Kind switch
        {
            AccessKind.Read => $"R 0x{Offset:x3}/{Width}",
            AccessKind.Write => $"W 0x{Offset:x3}/{Width} = 0x{Written:x8}",
            AccessKind.ReadModifyWrite => $"RMW 0x{Offset:x3} |= 0x{Written:x8}",
            AccessKind.ReadMemory => $"memory read 0x{Address:x}+{Width}",
            _ => $"memory write 0x{Address:x}+{Width}",
        };
    }
}
