using LinuxVirtio.Bus;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace LinuxVirtio.Tests.BrokenDevices;

/// <summary>
/// Broken: a reset "in progress" — the write of 0 to Status only takes effect a few accesses later (a
/// timer-deferred reset). Linux never polls after writel(0, Status), so its next R Status sees the old value.
/// </summary>
public sealed class DeferredResetDevice : BusDecorator
{
    private int _accessesUntilReset = -1;

    public DeferredResetDevice(IVirtioMmioBus inner) : base(inner) { }

    public override uint Read(int offset, int width)
    {
        uint v = Inner.Read(offset, width);
        Tick();
        return v;
    }

    public override void Write(int offset, int width, uint value)
    {
        if (offset == Status && value == 0)
        {
            _accessesUntilReset = 3;
            return;
        }

        Inner.Write(offset, width, value);
        Tick();
    }

    private void Tick()
    {
        if (_accessesUntilReset > 0 && --_accessesUntilReset == 0)
        {
            Inner.Write(Status, 4, 0);
        }
    }
}
