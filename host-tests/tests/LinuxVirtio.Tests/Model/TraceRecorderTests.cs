using LinuxVirtio.Tracing;

namespace LinuxVirtio.Tests.Model;

/// <summary>
/// Entries whose value the device answers later (a deferred read-modify-write over the bridge): they keep their place
/// in the trace, observers see nothing out of order or unanswered, and reading the trace settles them first.
/// </summary>
public class TraceRecorderTests
{
    [Fact]
    public void A_pending_entry_holds_back_observers_until_it_is_completed_then_everything_arrives_in_order()
    {
        var trace = new TraceRecorder();
        var observed = new List<TraceEntry>();
        trace.Recorded += observed.Add;

        trace.Record(TraceKind.Write, 0x070, 4, 0);
        long read = trace.RecordPending(TraceKind.Read, 0x070, 4, "dev0");
        trace.Record(TraceKind.Write, 0x030, 4, 1);

        Assert.Single(observed);
        Assert.True(trace.IsPending(read));
        Assert.Equal(1, trace.PendingCount);
        Assert.Equal(TraceRecorder.PendingNote, trace.EntryAt(read).Note);

        trace.Complete(read, 0x0b);

        Assert.Equal(new long[] { 1, 2, 3 }, observed.Select(e => e.Seq));
        Assert.Equal((0x0bu, "dev0"), (observed[1].Value, observed[1].Note));
        Assert.Equal(0, trace.PendingCount);
    }

    [Fact]
    public void Reading_the_entries_runs_the_settlers_only_while_something_is_pending()
    {
        var trace = new TraceRecorder();
        long pending = trace.RecordPending(TraceKind.Read, 0x070, 4);
        int settled = 0;
        using var settler = trace.AddSettler(() =>
        {
            settled++;
            trace.Complete(pending, 7);
        });

        Assert.Equal(7u, trace.Entries.Single().Value);
        Assert.Equal(1, settled);
        _ = trace.Entries;
        Assert.Equal(1, settled); // nothing pending any more
    }

    [Fact]
    public void Completing_an_entry_that_is_not_pending_is_a_bug_and_says_so()
    {
        var trace = new TraceRecorder();
        var done = trace.Record(TraceKind.Read, 0x070, 4, 1);

        var e = Assert.Throws<InvalidOperationException>(() => trace.Complete(done.Seq, 2));
        Assert.Contains("not pending", e.Message);
        Assert.Equal(1u, trace.Entries.Single().Value);
    }
}
