using LinuxVirtio.Bus;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace RestoreSuite.InProcess;

/// <summary>
/// The driver's path to an in-process device: register accesses straight onto <see cref="MmioTransport"/>, guest
/// memory straight onto the shared <see cref="MemoryWindow"/>, the interrupt line from the transport's sink.
/// Nothing is deferred, so <see cref="Flush"/> has nothing to do.
/// </summary>
public sealed class InProcessBus : IVirtioMmioBus, IInterruptLine
{
    private readonly MmioTransport _transport;
    private readonly MemoryWindow _memory;
    private readonly IInterruptLine? _previousSink;
    private bool _disposed;

    public InProcessBus(MmioTransport transport, MemoryWindow memory)
    {
        _transport = transport;
        _memory = memory;

        // Chain in front of whatever the device set wired (its slot line), and put it back on Dispose.
        _previousSink = _transport.InterruptSink;
        _transport.InterruptSink = this;
    }

    public ulong MemoryBase => _memory.BaseAddress;

    public int MemorySize => _memory.Size;

    public bool InterruptLine => _transport.InterruptLine;

    /// <summary>Accesses the transport classified as anything but Ok (bad width, undefined offset, ...).</summary>
    public int BadAccesses { get; private set; }

    public event Action<bool>? InterruptLineChanged;

    public uint Read(int offset, int width)
    {
        ThrowIfDisposed();
        if (_transport.Read(offset, width, out uint value) != MmioAccessResult.Ok)
        {
            BadAccesses++;
        }

        return value;
    }

    public void Write(int offset, int width, uint value)
    {
        ThrowIfDisposed();
        if (_transport.Write(offset, width, value) != MmioAccessResult.Ok)
        {
            BadAccesses++;
        }
    }

    public uint ReadModifyWriteOr(int offset, uint bits)
    {
        uint old = Read(offset, 4);
        Write(offset, 4, old | bits);
        return old;
    }

    public void ReadMemory(ulong address, Span<byte> destination)
    {
        ThrowIfDisposed();
        var buffer = new byte[destination.Length];
        if (!_memory.HostRead(address, buffer, 0, buffer.Length))
        {
            throw new BusException($"memory read 0x{address:x}+{destination.Length} is outside the window 0x{MemoryBase:x}+{MemorySize}");
        }

        buffer.CopyTo(destination);
    }

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source)
    {
        ThrowIfDisposed();
        if (!_memory.HostWrite(address, source.ToArray(), 0, source.Length))
        {
            throw new BusException($"memory write 0x{address:x}+{source.Length} is outside the window 0x{MemoryBase:x}+{MemorySize}");
        }
    }

    public void Flush()
    {
    }

    void IInterruptLine.SetLevel(bool asserted)
    {
        _previousSink?.SetLevel(asserted);
        InterruptLineChanged?.Invoke(asserted);
    }

    public void Dispose()
    {
        if (!_disposed && ReferenceEquals(_transport.InterruptSink, this))
        {
            _transport.InterruptSink = _previousSink;
        }

        _disposed = true;
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new BusException("bus used after Dispose");
        }
    }
}
