using LinuxVirtio.Bus;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace LinuxVirtio.Tests.BrokenDevices;

/// <summary>
/// Broken: the device raises its interrupt for a notify but only processes the queue (and publishes the used
/// element) once the driver writes InterruptACK. Interrupt-driven drivers get by; a driver polling the used ring
/// with no interrupt handler (restore_noirq) waits forever.
/// </summary>
public sealed class NeedsAckToPublishDevice : BusDecorator
{
    private readonly Queue<uint> _pendingNotifies = new();

    public NeedsAckToPublishDevice(IVirtioMmioBus inner) : base(inner) { }

    public override bool InterruptLine => _pendingNotifies.Count > 0 || Inner.InterruptLine;

    public override uint Read(int offset, int width)
    {
        uint v = Inner.Read(offset, width);
        return offset == InterruptStatus && _pendingNotifies.Count > 0 ? v | IntVring : v;
    }

    public override void Write(int offset, int width, uint value)
    {
        if (offset == QueueNotify && (Inner.Read(Status, 4) & LinuxVirtio.Uapi.VirtioStatus.DriverOk) != 0)
        {
            _pendingNotifies.Enqueue(value);
            RaiseLine(true);
            return;
        }

        if (offset == Status && value == 0)
        {
            _pendingNotifies.Clear();
        }

        Inner.Write(offset, width, value);
        if (offset == InterruptAck)
        {
            while (_pendingNotifies.Count > 0)
            {
                Inner.Write(QueueNotify, 4, _pendingNotifies.Dequeue());
            }

            RaiseLine(Inner.InterruptLine);
        }
    }
}
