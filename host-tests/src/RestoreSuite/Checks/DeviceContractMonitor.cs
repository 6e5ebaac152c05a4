using LinuxVirtio.Tracing;
using LinuxVirtio.Uapi;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace RestoreSuite.Checks;

/// <summary>
/// Watches one device's accesses as they happen and records the first place the device departs from what the
/// driver may rely on (reference §4): Status is a plain latch (reads return the last value written, except a
/// refused FEATURES_OK or NEEDS_RESET), a reset takes effect on the write itself (next Status read is 0, every
/// QueueReady/QueuePFN reads 0, the interrupt line is low), and QueueReady/QueuePFN read back what was written.
/// </summary>
public sealed class DeviceContractMonitor
{
    private readonly TracingBus _bus;
    private readonly Dictionary<int, uint> _ready = new();
    private readonly Dictionary<int, uint> _pfn = new();
    private uint? _status;
    private bool _featuresOkJustWritten;
    private bool _resetNotYetChecked;
    private int _queueSel;
    private uint _version;

    public DeviceContractMonitor(TracingBus bus, string device)
    {
        _bus = bus;
        Device = device;
        bus.Recorded += OnEntry;
    }

    public string Device { get; }

    /// <summary>The first divergence, e.g. "#17 R Status: expected 0x00000000, got 0x0000000f (...)"; null if none.</summary>
    public string? FirstDivergence { get; private set; }

    /// <summary>Trace seq of the access <see cref="FirstDivergence"/> names.</summary>
    public long FirstDivergenceSeq { get; private set; } = long.MaxValue;

    private void OnEntry(TraceEntry e)
    {
        if (e.Kind == TraceKind.Write)
        {
            OnWrite(e);
        }
        else if (e.Kind == TraceKind.Read)
        {
            OnRead(e);
        }
    }

    private void OnWrite(TraceEntry e)
    {
        switch (e.Offset)
        {
            case Status:
                _featuresOkJustWritten = (e.Value & VirtioStatus.FeaturesOk) != 0 && (_status is not uint old || (old & VirtioStatus.FeaturesOk) == 0);
                _status = e.Value;
                if (e.Value == 0)
                {
                    // Reset: every queue is disabled at once (spec) and the line must drop.
                    foreach (var q in _ready.Keys.ToList())
                    {
                        _ready[q] = 0;
                    }

                    foreach (var q in _pfn.Keys.ToList())
                    {
                        _pfn[q] = 0;
                    }

                    ResetSeen = true;
                    _resetNotYetChecked = true;
                }

                break;
            case QueueSel:
                _queueSel = (int)e.Value;
                break;
            case QueueReady:
                _ready[_queueSel] = e.Value & 1;
                break;
            case QueuePfn:
                _pfn[_queueSel] = e.Value;
                break;
        }
    }

    private bool ResetSeen { get; set; }

    private void OnRead(TraceEntry e)
    {
        switch (e.Offset)
        {
            case VirtioMmioRegisters.Version:
                _version = e.Value;
                break;
            case Status:
                CheckStatus(e);
                break;
            case QueueReady:
                if (Known(_ready, out uint ready))
                {
                    Expect(e, ready, e.Value & 1, $"QueueReady of queue {_queueSel} must read back the last value written (0 after a reset)");
                }

                break;
            case QueuePfn:
                if (Known(_pfn, out uint pfn))
                {
                    Expect(e, pfn, e.Value, $"QueuePFN of queue {_queueSel} must read back the last value written (0 after a reset)");
                }

                break;
        }
    }

    // The selected queue's register is known once written, or once a reset has cleared every queue.
    private bool Known(Dictionary<int, uint> latched, out uint value)
    {
        if (latched.TryGetValue(_queueSel, out value))
        {
            return true;
        }

        value = 0;
        return ResetSeen;
    }

    private void CheckStatus(TraceEntry e)
    {
        if (_resetNotYetChecked)
        {
            _resetNotYetChecked = false;
            Expect(e, 0, e.Value, "reset must take effect on the write of 0 itself: Linux reads Status right after it, with no poll");
            if (_bus.InterruptLine && FirstDivergence == null)
            {
                FirstDivergenceSeq = e.Seq;
                FirstDivergence = $"#{e.Seq} R Status: interrupt line still asserted after the reset (InterruptStatus must be 0 and the line low once Status=0 is written)";
            }
        }

        if (_status is not uint expected)
        {
            _status = e.Value;
            return;
        }

        uint got = e.Value & ~VirtioStatus.NeedsReset;
        if (got == expected)
        {
            return;
        }

        if (_featuresOkJustWritten && got == (expected & ~VirtioStatus.FeaturesOk))
        {
            // The device refused the features: the only change a device may make to Status on its own.
            _status = e.Value;
            _featuresOkJustWritten = false;
            return;
        }

        if (_version == 2 && (expected & (VirtioStatus.DriverOk | VirtioStatus.FeaturesOk)) == VirtioStatus.DriverOk
            && got == (expected & ~VirtioStatus.DriverOk))
        {
            // DRIVER_OK without FEATURES_OK on a modern device is a transition the spec forbids the driver; a
            // device may refuse it (RFC v2 writes it on top of FAILED after a failed noirq restore, §3.7).
            _status = e.Value;
            return;
        }

        Expect(e, expected, e.Value, "Status must read back the last value written");
        _status = e.Value;
    }

    private void Expect(TraceEntry e, uint expected, uint got, string why)
    {
        if (expected != got && FirstDivergence == null)
        {
            FirstDivergenceSeq = e.Seq;
            FirstDivergence = $"#{e.Seq} R {VirtioMmioRegisters.Name(e.Offset)}: expected 0x{expected:x8}, got 0x{got:x8} ({why})";
        }
    }
}
