using Runner.Reports;

namespace Bridge.Tests.Runner;

public sealed class TraceSignalsTests
{
    private static uint?[] Values(IReadOnlyList<SignalChange> changes) => changes.Select(c => c.Value).ToArray();

    [Fact]
    public void Status_follows_writes_and_what_the_device_reads_back()
    {
        var trace = new TraceBuilder().W(0x070, 0).W(0x070, 1).W(0x070, 3).W(0x070, 0x0b).R(0x070, 0x03).Entries;
        TraceSignals s = TraceSignals.Derive(trace);

        Assert.Equal([0u, 1u, 3u, 0x0bu, 3u], Values(s.Status));
        Assert.Equal([0, 1, 2, 3, 4], s.Status.Select(c => c.Index));
    }

    [Fact]
    public void QueueReady_applies_to_the_selected_queue_and_reset_clears_all()
    {
        var trace = new TraceBuilder()
            .W(0x030, 1).W(0x044, 1)   // queue 1 ready
            .W(0x030, 0).W(0x044, 1)   // queue 0 ready
            .W(0x070, 0)               // reset
            .Entries;
        TraceSignals s = TraceSignals.Derive(trace);

        Assert.Equal(2, s.QueueReady.Count);
        Assert.Equal([(3, 1u), (4, 0u)], s.QueueReady[0].Select(c => (c.Index, c.Value!.Value)));
        Assert.Equal([(1, 1u), (4, 0u)], s.QueueReady[1].Select(c => (c.Index, c.Value!.Value)));
    }

    [Fact]
    public void QueueSel_starts_at_zero_and_reads_of_QueueReady_count()
    {
        var trace = new TraceBuilder().R(0x044, 1).W(0x044, 0).Entries;
        TraceSignals s = TraceSignals.Derive(trace);

        Assert.Equal([1u, 0u], Values(Assert.Single(s.QueueReady)));
    }

    [Fact]
    public void Legacy_QueuePFN_and_QueueReset_drive_ready()
    {
        var trace = new TraceBuilder().W(0x040, 0x1234).W(0x040, 0).W(0x040, 7).W(0x0c0, 1).Entries;
        TraceSignals s = TraceSignals.Derive(trace);

        Assert.Equal([1u, 0u, 1u, 0u], Values(Assert.Single(s.QueueReady)));
    }

    [Fact]
    public void The_device_queue_count_adds_untouched_queues_and_wild_QueueSel_adds_none()
    {
        var trace = new TraceBuilder().W(0x030, 100000).W(0x044, 1).W(0x070, 0).Entries;
        TraceSignals s = TraceSignals.Derive(trace, minimumQueues: 2);

        Assert.Equal(2, s.QueueReady.Count);
        Assert.All(s.QueueReady, q => Assert.Equal([0u], Values(q)));
    }

    [Fact]
    public void Irq_changes_only_on_level_changes()
    {
        var trace = new TraceBuilder().Irq(false).Irq(true).Irq(true).Irq(false).Entries;
        TraceSignals s = TraceSignals.Derive(trace);

        Assert.Equal([(1, 1u), (3, 0u)], s.InterruptLine.Select(c => (c.Index, c.Value!.Value)));
    }
}
