using LinuxVirtio.Bus;
using LinuxVirtio.Uapi;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace LinuxVirtio.Tests.BrokenDevices;

/// <summary>
/// Broken: FEATURES_OK is decided asynchronously — the read right after writing it still lacks the bit (it
/// "lags" one read). Linux reads back immediately, with no retry.
/// </summary>
public sealed class LaggingFeaturesOkDevice : BusDecorator
{
    private bool _lag;

    public LaggingFeaturesOkDevice(IVirtioMmioBus inner) : base(inner) { }

    public override uint Read(int offset, int width)
    {
        uint v = Inner.Read(offset, width);
        if (offset == Status && _lag)
        {
            _lag = false;
            return v & ~VirtioStatus.FeaturesOk;
        }

        return v;
    }

    public override void Write(int offset, int width, uint value)
    {
        if (offset == Status)
        {
            _lag = (value & VirtioStatus.FeaturesOk) != 0 && (Inner.Read(Status, 4) & VirtioStatus.FeaturesOk) == 0;
        }

        Inner.Write(offset, width, value);
    }
}
