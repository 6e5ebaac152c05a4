using LinuxVirtio.Uapi;
using LinuxVirtio.Tracing;

namespace Runner.Reports;

/// <summary>A signal takes a new value at trace entry <see cref="Index"/>. A null value means unknown ('x').</summary>
public readonly record struct SignalChange(int Index, long Seq, uint? Value);

/// <summary>
/// The device-visible signals a register trace implies, as the Linux virtio-mmio driver sees them: Status, the
/// interrupt line, and QueueReady of every queue. Shared by the VCD and the SVG timeline so both draw the same thing.
/// Rules (docs/runner.md):
/// <list type="bullet">
/// <item>Status takes the value of every Status write, and of every Status read (what the device reported).</item>
/// <item>Writing Status = 0 resets the device: every QueueReady drops to 0.</item>
/// <item>QueueReady[QueueSel] takes bit 0 of every QueueReady write or read; QueueSel starts at 0 as after reset.</item>
/// <item>Legacy devices: QueuePFN != 0 means ready. QueueReset = 1 drops the selected queue's ready.</item>
/// <item>The interrupt line follows IrqLine entries and is taken as low before the first one.</item>
/// </list>
/// Status and QueueReady are unknown until the trace first says something about them.
/// </summary>
public sealed class TraceSignals
{
    private TraceSignals(List<SignalChange> status, List<SignalChange> irq, List<List<SignalChange>> queueReady)
    {
        Status = status;
        InterruptLine = irq;
        QueueReady = queueReady;
    }

    public IReadOnlyList<SignalChange> Status { get; }

    public IReadOnlyList<SignalChange> InterruptLine { get; }

    /// <summary>QueueReady changes, indexed by queue number.</summary>
    public IReadOnlyList<IReadOnlyList<SignalChange>> QueueReady { get; }

    /// <param name="minimumQueues">Queues to show even if the trace never touches them (the device's queue count).</param>
    public static TraceSignals Derive(IReadOnlyList<TraceEntry> trace, int minimumQueues = 0)
    {
        int queueCount = Math.Max(minimumQueues, CountQueues(trace));
        var status = new List<SignalChange>();
        var irq = new List<SignalChange>();
        var ready = new List<List<SignalChange>>(queueCount);
        for (int q = 0; q < queueCount; q++)
        {
            ready.Add(new List<SignalChange>());
        }

        uint? statusValue = null;
        uint irqValue = 0;
        var readyValue = new uint?[queueCount];
        int selected = 0;

        for (int i = 0; i < trace.Count; i++)
        {
            TraceEntry e = trace[i];
            bool access = e.Kind is TraceKind.Read or TraceKind.Write;
            if (e.Kind == TraceKind.IrqLine)
            {
                Set(irq, ref irqValue, e.Value != 0 ? 1u : 0u, i, e.Seq);
            }
            else if (access && e.Offset == VirtioMmioRegisters.Status)
            {
                SetNullable(status, ref statusValue, e.Value & 0xff, i, e.Seq);
                if (e.Kind == TraceKind.Write && e.Value == 0)
                {
                    for (int q = 0; q < queueCount; q++)
                    {
                        SetNullable(ready[q], ref readyValue[q], 0, i, e.Seq);
                    }
                }
            }
            else if (e.Kind == TraceKind.Write && e.Offset == VirtioMmioRegisters.QueueSel)
            {
                selected = (int)Math.Min(e.Value, int.MaxValue);
            }
            else if (selected < queueCount)
            {
                uint? next = QueueReadyAfter(e);
                if (next is uint v)
                {
                    SetNullable(ready[selected], ref readyValue[selected], v, i, e.Seq);
                }
            }
        }

        return new TraceSignals(status, irq, ready);
    }

    /// <summary>What an access says about QueueReady of the selected queue, or null if nothing.</summary>
    private static uint? QueueReadyAfter(TraceEntry e)
    {
        if (e.Kind is not (TraceKind.Read or TraceKind.Write))
        {
            return null;
        }

        return e.Offset switch
        {
            VirtioMmioRegisters.QueueReady => e.Value & 1,
            VirtioMmioRegisters.QueuePfn when e.Kind == TraceKind.Write => e.Value != 0 ? 1u : 0u,
            VirtioMmioRegisters.QueueReset when e.Kind == TraceKind.Write && e.Value == 1 => 0u,
            _ => null,
        };
    }

    /// <summary>Queues the trace selects and then makes (or checks) ready.</summary>
    private static int CountQueues(IReadOnlyList<TraceEntry> trace)
    {
        int selected = 0;
        int count = 0;
        foreach (TraceEntry e in trace)
        {
            if (e.Kind == TraceKind.Write && e.Offset == VirtioMmioRegisters.QueueSel)
            {
                // Bounded: a wild QueueSel (e.g. a probe for a missing queue) must not create thousands of signals.
                selected = e.Value < 64 ? (int)e.Value : -1;
            }
            else if (selected >= 0 && QueueReadyAfter(e) is not null)
            {
                count = Math.Max(count, selected + 1);
            }
        }

        return count;
    }

    private static void Set(List<SignalChange> changes, ref uint current, uint value, int index, long seq)
    {
        if (current != value)
        {
            current = value;
            changes.Add(new SignalChange(index, seq, value));
        }
    }

    private static void SetNullable(List<SignalChange> changes, ref uint? current, uint value, int index, long seq)
    {
        if (current != value)
        {
            current = value;
            changes.Add(new SignalChange(index, seq, value));
        }
    }
}
