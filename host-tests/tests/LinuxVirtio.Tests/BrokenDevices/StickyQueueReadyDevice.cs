using LinuxVirtio.Bus;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace LinuxVirtio.Tests.BrokenDevices;

/// <summary>Broken: QueueReady reads 1 once a queue was ever enabled (a reset or QueueReady=0 does not clear it).</summary>
public sealed class StickyQueueReadyDevice : BusDecorator
{
    private readonly HashSet<uint> _everReady = new();
    private uint _sel;

    public StickyQueueReadyDevice(IVirtioMmioBus inner) : base(inner) { }

    public override uint Read(int offset, int width) =>
        offset == QueueReady && _everReady.Contains(_sel) ? 1u : Inner.Read(offset, width);

    public override void Write(int offset, int width, uint value)
    {
        if (offset == QueueSel)
        {
            _sel = value;
        }
        else if (offset == QueueReady && value == 1)
        {
            _everReady.Add(_sel);
        }

        Inner.Write(offset, width, value);
    }
}
