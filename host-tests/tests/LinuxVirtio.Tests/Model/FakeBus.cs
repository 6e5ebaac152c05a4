using LinuxVirtio.Bus;

namespace LinuxVirtio.Tests.Model;

/// <summary>Plain memory and a settable interrupt line: enough to test the kernel model without a device.</summary>
public sealed class FakeBus : IVirtioMmioBus
{
    private readonly byte[] _memory;
    private bool _line;

    public FakeBus(ulong memoryBase = 0x1000_0000, int size = 0x4000)
    {
        MemoryBase = memoryBase;
        _memory = new byte[size];
    }

    public ulong MemoryBase { get; }

    public int MemorySize => _memory.Length;

    public Dictionary<int, uint> Registers { get; } = new();

    public List<(bool Write, int Offset, uint Value)> Accesses { get; } = new();

    public bool InterruptLine
    {
        get => _line;
        set
        {
            if (_line != value)
            {
                _line = value;
                InterruptLineChanged?.Invoke(value);
            }
        }
    }

    public event Action<bool>? InterruptLineChanged;

    public uint Read(int offset, int width)
    {
        uint v = Registers.GetValueOrDefault(offset);
        Accesses.Add((false, offset, v));
        return v;
    }

    public void Write(int offset, int width, uint value)
    {
        Registers[offset] = value;
        Accesses.Add((true, offset, value));
    }

    public uint ReadModifyWriteOr(int offset, uint bits)
    {
        uint old = Read(offset, 4);
        Write(offset, 4, old | bits);
        return old;
    }

    public void ReadMemory(ulong address, Span<byte> destination) => _memory.AsSpan(checked((int)(address - MemoryBase)), destination.Length).CopyTo(destination);

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source) => source.CopyTo(_memory.AsSpan(checked((int)(address - MemoryBase)), source.Length));

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}
