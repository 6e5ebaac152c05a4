using BridgeHost.Protocol;
using LinuxVirtio.Bus;
using VirtioMmio.Bridge;

namespace BridgeHost;

/// <summary>
/// <see cref="IVirtioMmioBus"/> of one device slot over a bridge link. Register and memory writes are deferred into
/// the client's current batch, and so are read-modify-writes whose old value only feeds the trace
/// (<see cref="ReadModifyWriteOrDeferred"/>) and speculated reads (<see cref="ReadExpecting"/>,
/// <see cref="ReadMemoryExpecting"/>: the device checks the prediction and stops the batch if it is wrong). A plain
/// read or <see cref="Flush"/> sends the batch. All slots of a link share one client, so accesses stay in
/// program order across devices.
/// </summary>
public sealed class BridgeBus : IVirtioMmioBus
{
    private readonly BridgeClient _client;
    private readonly byte _slot;
    private readonly int _maxChunk;
    private bool _line;
    private bool _disposed;

    public BridgeBus(BridgeClient client, int slot)
    {
        if (slot < 0 || slot >= client.Info.Slots.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(slot), $"the device has {client.Info.Slots.Count} slots");
        }

        _client = client;
        _slot = (byte)slot;
        // Largest memory chunk one op may carry: one op alone in a packet, either direction.
        _maxChunk = client.Info.MaxPacket - BridgeProtocol.ReplyHeaderLength - BridgeProtocol.CrcLength - 1 - BridgeProtocol.MemArgs;
        _line = IsAsserted(client.InterruptLevels);
        client.InterruptLevelsChanged += OnLevelsChanged;
    }

    public int Slot => _slot;

    public ulong MemoryBase => _client.Info.MemoryBase;

    public int MemorySize => (int)_client.Info.MemorySize;

    public bool InterruptLine
    {
        get
        {
            _client.PollEvents();
            return _line;
        }
    }

    public event Action<bool>? InterruptLineChanged;

    public uint Read(int offset, int width)
    {
        CheckRegister(offset, width);
        return ((ReadResult)_client.Execute(new ReadOp(_slot, (byte)width, (ushort)offset))[0]).Value;
    }

    public void Write(int offset, int width, uint value)
    {
        CheckRegister(offset, width);
        _client.Defer(new WriteOp(_slot, (byte)width, (ushort)offset, value));
    }

    public uint ReadModifyWriteOr(int offset, uint bits)
    {
        CheckRegister(offset, 4);
        return ((ReadOrWriteResult)_client.Execute(new ReadOrWriteOp(_slot, 4, (ushort)offset, bits))[0]).OldValue;
    }

    /// <summary>Deferred like a write: READ_OR_WRITE goes out with the next request; the old value arrives with its reply.</summary>
    public void ReadModifyWriteOrDeferred(int offset, uint bits, Action<uint>? onOld)
    {
        CheckRegister(offset, 4);
        _client.Defer(new ReadOrWriteOp(_slot, 4, (ushort)offset, bits), onOld == null ? null : r => onOld(((ReadOrWriteResult)r).OldValue));
    }

    /// <summary>Speculates: READ_EXPECT is deferred like a write and <paramref name="expected"/> is returned at once.</summary>
    public uint ReadExpecting(int offset, int width, uint expected, Action<uint>? onValue)
    {
        CheckRegister(offset, width);
        _client.Defer(new ReadExpectOp(_slot, (byte)width, (ushort)offset, expected), onValue == null ? null : r => onValue(((ExpectResult)r).Value));
        return expected;
    }

    /// <summary>Speculates with MEM_EXPECT when the bytes fit one op; a longer read is a plain synchronous read.</summary>
    public void ReadMemoryExpecting(ulong address, Span<byte> destination, ReadOnlySpan<byte> expected, Action<byte[]>? onData)
    {
        if (expected.Length != destination.Length)
        {
            throw new ArgumentException("the expected bytes must be as long as the destination", nameof(expected));
        }

        CheckWindow(address, destination.Length);
        if (destination.Length == 0 || destination.Length > _maxChunk)
        {
            ReadMemory(address, destination);
            onData?.Invoke(destination.ToArray());
            return;
        }

        _client.Defer(new MemExpectOp(address, expected.ToArray()), onData == null ? null : r => onData(((ExpectResult)r).Data));
        expected.CopyTo(destination);
    }

    public void ReadMemory(ulong address, Span<byte> destination)
    {
        CheckWindow(address, destination.Length);
        var ops = new List<BridgeOp>();
        for (int done = 0; done < destination.Length; done += _maxChunk)
        {
            ops.Add(new MemReadOp(address + (ulong)done, (ushort)Math.Min(_maxChunk, destination.Length - done)));
        }

        if (ops.Count == 0)
        {
            return;
        }

        int at = 0;
        foreach (var result in _client.Execute(ops.ToArray()))
        {
            byte[] data = ((MemReadResult)result).Data;
            data.CopyTo(destination[at..]);
            at += data.Length;
        }
    }

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source)
    {
        CheckWindow(address, source.Length);
        for (int done = 0; done < source.Length; done += _maxChunk)
        {
            int n = Math.Min(_maxChunk, source.Length - done);
            _client.Defer(new MemWriteOp(address + (ulong)done, source.Slice(done, n).ToArray()));
        }
    }

    public void Flush() => _client.Flush();

    private void OnLevelsChanged(ushort old, ushort now)
    {
        bool level = IsAsserted(now);
        if (level != _line)
        {
            _line = level;
            InterruptLineChanged?.Invoke(level);
        }
    }

    private bool IsAsserted(ushort levels) => (levels & (1 << _slot)) != 0;

    private static void CheckRegister(int offset, int width)
    {
        if (width is not (1 or 2 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "register accesses are 1, 2 or 4 bytes wide");
        }

        if (offset < 0 || offset >= BridgeProtocol.RegisterWindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "register offsets lie in 0x000..0xfff");
        }
    }

    private void CheckWindow(ulong address, int length)
    {
        ulong start = _client.Info.MemoryBase;
        ulong size = _client.Info.MemorySize;
        if (address < start || address - start > size || (ulong)length > size - (address - start))
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"[0x{address:x}, +{length}) is outside the memory window [0x{start:x}, +0x{size:x})");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _client.InterruptLevelsChanged -= OnLevelsChanged;
    }
}
