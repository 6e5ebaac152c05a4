using LinuxVirtio.Bus;

namespace Benchmarks.Restore;

/// <summary>
/// Counts what the driver asked for, independent of the transport: register accesses and guest-memory bytes.
/// The payload minimum of a cycle is 4 data bytes per register access (a read-modify-write is a read and a
/// write) plus every memory byte: what a memory-mapped bus would move, with no addressing or framing.
/// </summary>
public sealed class CountingBus(IVirtioMmioBus inner) : IVirtioMmioBus
{
    /// <summary>Bus calls (a read-modify-write is one call): one bridge op each.</summary>
    public long RegisterCalls { get; private set; }

    /// <summary>Memory calls (reads and writes of guest RAM): one bridge op each (for chunks up to the packet size).</summary>
    public long MemoryCalls { get; private set; }

    public long RegisterReads { get; private set; }

    public long RegisterWrites { get; private set; }

    public long MemoryBytesRead { get; private set; }

    public long MemoryBytesWritten { get; private set; }

    public long PayloadMinimumBytes => 4 * (RegisterReads + RegisterWrites) + MemoryBytesRead + MemoryBytesWritten;

    public ulong MemoryBase => inner.MemoryBase;

    public int MemorySize => inner.MemorySize;

    public bool InterruptLine => inner.InterruptLine;

    public event Action<bool>? InterruptLineChanged
    {
        add => inner.InterruptLineChanged += value;
        remove => inner.InterruptLineChanged -= value;
    }

    public void Clear()
    {
        RegisterReads = RegisterWrites = MemoryBytesRead = MemoryBytesWritten = RegisterCalls = MemoryCalls = 0;
    }

    public uint Read(int offset, int width)
    {
        RegisterReads++;
        RegisterCalls++;
        return inner.Read(offset, width);
    }

    public void Write(int offset, int width, uint value)
    {
        RegisterWrites++;
        RegisterCalls++;
        inner.Write(offset, width, value);
    }

    public uint ReadModifyWriteOr(int offset, uint bits)
    {
        RegisterReads++;
        RegisterWrites++;
        RegisterCalls++;
        return inner.ReadModifyWriteOr(offset, bits);
    }

    public void ReadModifyWriteOrDeferred(int offset, uint bits, Action<uint>? onOld)
    {
        RegisterReads++;
        RegisterWrites++;
        RegisterCalls++;
        inner.ReadModifyWriteOrDeferred(offset, bits, onOld);
    }

    public uint ReadExpecting(int offset, int width, uint expected, Action<uint>? onValue)
    {
        RegisterReads++;
        RegisterCalls++;
        return inner.ReadExpecting(offset, width, expected, onValue);
    }

    public void ReadMemoryExpecting(ulong address, Span<byte> destination, ReadOnlySpan<byte> expected, Action<byte[]>? onData)
    {
        MemoryBytesRead += destination.Length;
        MemoryCalls++;
        inner.ReadMemoryExpecting(address, destination, expected, onData);
    }

    public void ReadMemory(ulong address, Span<byte> destination)
    {
        MemoryBytesRead += destination.Length;
        MemoryCalls++;
        inner.ReadMemory(address, destination);
    }

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source)
    {
        MemoryBytesWritten += source.Length;
        MemoryCalls++;
        inner.WriteMemory(address, source);
    }

    public void Flush() => inner.Flush();

    public void Dispose() => inner.Dispose();
}
