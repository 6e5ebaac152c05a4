using LinuxVirtio.Bus;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Benchmarks.Restore;

/// <summary>In process: every access goes straight to the transport and the window. Allocation-free.</summary>
public sealed class DirectBus(MmioTransport transport) : IVirtioMmioBus
{
    private readonly MemoryWindow _memory = transport.Memory;
    private byte[] _scratch = new byte[256];

    public ulong MemoryBase => _memory.BaseAddress;

    public int MemorySize => _memory.Size;

    public bool InterruptLine => transport.InterruptLine;

    public event Action<bool>? InterruptLineChanged
    {
        add { }
        remove { }
    }

    public uint Read(int offset, int width)
    {
        transport.Read(offset, width, out uint value);
        return value;
    }

    public void Write(int offset, int width, uint value) => transport.Write(offset, width, value);

    public uint ReadModifyWriteOr(int offset, uint bits)
    {
        transport.Read(offset, 4, out uint old);
        transport.Write(offset, 4, old | bits);
        return old;
    }

    public void ReadMemory(ulong address, Span<byte> destination)
    {
        byte[] buffer = Scratch(destination.Length);
        if (!_memory.HostRead(address, buffer, 0, destination.Length))
        {
            throw new BusException($"read outside the window at 0x{address:x}");
        }

        buffer.AsSpan(0, destination.Length).CopyTo(destination);
    }

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source)
    {
        byte[] buffer = Scratch(source.Length);
        source.CopyTo(buffer);
        if (!_memory.HostWrite(address, buffer, 0, source.Length))
        {
            throw new BusException($"write outside the window at 0x{address:x}");
        }
    }

    public void Flush()
    {
    }

    public void Dispose()
    {
    }

    private byte[] Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new byte[length];
        }

        return _scratch;
    }
}
