using LinuxVirtio.Bus;

namespace Benchmarks.Restore;

/// <summary>
/// Batching switched off: every register or memory write is flushed at once, so each access is its own round trip
/// (what a naive bridge does). Reads are unchanged.
/// </summary>
public sealed class WriteThroughBus(IVirtioMmioBus inner) : IVirtioMmioBus
{
    public ulong MemoryBase => inner.MemoryBase;

    public int MemorySize => inner.MemorySize;

    public bool InterruptLine => inner.InterruptLine;

    public event Action<bool>? InterruptLineChanged
    {
        add => inner.InterruptLineChanged += value;
        remove => inner.InterruptLineChanged -= value;
    }

    public uint Read(int offset, int width) => inner.Read(offset, width);

    public void Write(int offset, int width, uint value)
    {
        inner.Write(offset, width, value);
        inner.Flush();
    }

    public uint ReadModifyWriteOr(int offset, uint bits) => inner.ReadModifyWriteOr(offset, bits);

    public void ReadMemory(ulong address, Span<byte> destination) => inner.ReadMemory(address, destination);

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source)
    {
        inner.WriteMemory(address, source);
        inner.Flush();
    }

    public void Flush() => inner.Flush();

    public void Dispose() => inner.Dispose();
}
