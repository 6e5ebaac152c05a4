using Runner.Reports;

namespace Bridge.Tests.Runner;

public sealed class TimelineWindowTests
{
    [Fact]
    public void A_short_trace_is_shown_whole()
    {
        var w = TimelineWindow.For(TimelineWindow.MaxEntries, focus: 5);

        Assert.Equal(TimelineWindow.MaxEntries, w.Count);
        Assert.Empty(w.Gaps);
        Assert.Equal(123, w.Position(123));
        Assert.Equal(123, w.TraceIndex(123));
    }

    [Fact]
    public void A_long_trace_keeps_both_ends_and_the_focus()
    {
        const int count = 100_000;
        const int focus = 50_000;
        var w = TimelineWindow.For(count, focus);

        Assert.Equal(3 * TimelineWindow.Edge, w.Count);
        Assert.Equal(0, w.TraceIndex(0));
        Assert.Equal(count - 1, w.TraceIndex(w.Count - 1));
        Assert.Equal(focus, w.TraceIndex(w.Position(focus)));
        Assert.Equal(count - 3 * TimelineWindow.Edge, w.Gaps.Sum(g => g.Omitted));
        Assert.Equal(2, w.Gaps.Count);
    }

    [Fact]
    public void An_entry_inside_a_gap_maps_to_where_the_next_shown_stretch_begins()
    {
        var w = TimelineWindow.For(10_000, focus: -1);

        int firstOfTail = w.Position(10_000 - TimelineWindow.Edge);
        Assert.Equal(firstOfTail, w.Position(5_000));
        Assert.Equal((TimelineWindow.Edge, 10_000 - 2 * TimelineWindow.Edge), Assert.Single(w.Gaps));
    }

    [Fact]
    public void A_focus_near_an_end_merges_with_it()
    {
        var w = TimelineWindow.For(10_000, focus: 900);

        Assert.Single(w.Gaps);
        Assert.Equal(TimelineWindow.Edge + TimelineWindow.Edge / 2 + 100 + TimelineWindow.Edge, w.Count);
    }
}
