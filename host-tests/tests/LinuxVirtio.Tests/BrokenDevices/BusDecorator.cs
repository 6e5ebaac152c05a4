using LinuxVirtio.Bus;
using RestoreSuite;

namespace LinuxVirtio.Tests.BrokenDevices;

/// <summary>Forwards everything to a correct device; the broken personalities override what they break.</summary>
public abstract class BusDecorator : IVirtioMmioBus
{
    protected BusDecorator(IVirtioMmioBus inner)
    {
        Inner = inner;
        Inner.InterruptLineChanged += level => RaiseLine(level);
    }

    protected IVirtioMmioBus Inner { get; }

    public ulong MemoryBase => Inner.MemoryBase;

    public int MemorySize => Inner.MemorySize;

    public virtual bool InterruptLine => Inner.InterruptLine;

    public event Action<bool>? InterruptLineChanged;

    public virtual uint Read(int offset, int width) => Inner.Read(offset, width);

    public virtual void Write(int offset, int width, uint value) => Inner.Write(offset, width, value);

    // Carried as a read then a write, so the broken behaviours apply to virtio_add_status too.
    public uint ReadModifyWriteOr(int offset, uint bits)
    {
        uint old = Read(offset, 4);
        Write(offset, 4, old | bits);
        return old;
    }

    public void ReadMemory(ulong address, Span<byte> destination) => Inner.ReadMemory(address, destination);

    public void WriteMemory(ulong address, ReadOnlySpan<byte> source) => Inner.WriteMemory(address, source);

    public void Flush() => Inner.Flush();

    public void Dispose() => Inner.Dispose();

    protected void RaiseLine(bool level) => InterruptLineChanged?.Invoke(level);
}

/// <summary>The in-process target with every bus wrapped by a broken personality.</summary>
public sealed class DecoratedTarget : ITarget
{
    private readonly InProcessTarget _inner = new();
    private readonly Func<IVirtioMmioBus, InProcessTarget, IVirtioMmioBus> _wrap;

    public DecoratedTarget(Func<IVirtioMmioBus, InProcessTarget, IVirtioMmioBus> wrap)
    {
        _wrap = wrap;
    }

    public string Description => "in-process, broken: " + _wrap.Method.Name;

    public IReadOnlyList<TargetDevice> Devices => _inner.Devices;

    public IVirtioMmioBus OpenBus(int slot) => _wrap(_inner.OpenBus(slot), _inner);

    public DeviceCounters ReadCounters(int slot) => _inner.ReadCounters(slot);

    public bool TryChangeConfig(int slot) => _inner.TryChangeConfig(slot);

    public void Dispose() => _inner.Dispose();
}
