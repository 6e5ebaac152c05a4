using LinuxVirtio.Tracing;
using Runner.Reports;
using Runner.Suite;

namespace Bridge.Tests.Runner;

public sealed class VcdWriterTests
{
    private static VcdReader WriteAndParse(SuiteResult suite)
    {
        var text = new StringWriter();
        new VcdWriter().Write(suite, text);
        return VcdReader.Parse(text.ToString());
    }

    [Fact]
    public void Declares_status_irq_and_each_queue_ready_per_scenario()
    {
        VcdReader vcd = WriteAndParse(SyntheticSuites.Mixed());

        Assert.Equal("1ns", vcd.Timescale);
        Assert.Equal(8, vcd.Find("suite.S1_cold_probe", "status").Width);
        Assert.Equal(1, vcd.Find("suite.S1_cold_probe", "irq").Width);
        Assert.Equal(1, vcd.Find("suite.S1_cold_probe", "queue0_ready").Width);
        Assert.Equal(["queue0_ready", "queue1_ready"], vcd.Vars.Where(v => v.Scope == "suite.S2_two_queues" && v.Name.StartsWith("queue")).Select(v => v.Name));
        Assert.Equal(3 + 4 + 3 + 3, vcd.Vars.Count);
        Assert.Equal(vcd.Vars.Count, vcd.Vars.Select(v => v.Id).Distinct().Count());
    }

    [Fact]
    public void Status_changes_follow_every_status_access_at_its_sequence_number()
    {
        SuiteResult suite = SyntheticSuites.Of(SyntheticSuites.Passed("S1"));
        IReadOnlyList<TraceEntry> trace = suite.Results[0].Outcome.Trace;
        VcdReader vcd = WriteAndParse(suite);

        var expected = new List<(long, string)> { (0, "xxxxxxxx") };
        uint? last = null;
        foreach (TraceEntry e in trace.Where(e => e.Offset == 0x070 && e.Kind is TraceKind.Read or TraceKind.Write))
        {
            if (last != e.Value)
            {
                expected.Add((e.Seq - trace[0].Seq, Convert.ToString(e.Value, 2).PadLeft(8, '0')));
                last = e.Value;
            }
        }

        Assert.Equal(expected, vcd.History(vcd.Find("suite.S1", "status")));
    }

    [Fact]
    public void Irq_follows_the_interrupt_line_entries()
    {
        SuiteResult suite = SyntheticSuites.Of(SyntheticSuites.Passed("S1"));
        IReadOnlyList<TraceEntry> trace = suite.Results[0].Outcome.Trace;
        VcdReader vcd = WriteAndParse(suite);

        long[] irqTimes = trace.Where(e => e.Kind == TraceKind.IrqLine).Select(e => e.Seq - trace[0].Seq).ToArray();
        Assert.Equal([(0L, "0"), (irqTimes[0], "1"), (irqTimes[1], "0")], vcd.History(vcd.Find("suite.S1", "irq")));
    }

    [Fact]
    public void Queue_ready_rises_on_QueueReady_writes_and_drops_on_reset()
    {
        SuiteResult suite = SyntheticSuites.Of(SyntheticSuites.Passed("S2", queues: 2));
        IReadOnlyList<TraceEntry> trace = suite.Results[0].Outcome.Trace;
        VcdReader vcd = WriteAndParse(suite);

        long[] resets = trace.Where(e => e.Kind == TraceKind.Write && e.Offset == 0x070 && e.Value == 0).Select(e => e.Seq - 1).ToArray();
        long[] readyWrites = trace.Where(e => e.Kind == TraceKind.Write && e.Offset == 0x044).Select(e => e.Seq - 1).ToArray();
        Assert.Equal(2, resets.Length);
        Assert.Equal(4, readyWrites.Length);

        // queue 0 is made ready first in each bring-up, queue 1 second.
        Assert.Equal([(0L, "x"), (resets[0], "0"), (readyWrites[0], "1"), (resets[1], "0"), (readyWrites[2], "1")], vcd.History(vcd.Find("suite.S2", "queue0_ready")));
        Assert.Equal([(0L, "x"), (resets[0], "0"), (readyWrites[1], "1"), (resets[1], "0"), (readyWrites[3], "1")], vcd.History(vcd.Find("suite.S2", "queue1_ready")));
    }

    [Fact]
    public void Scenarios_follow_each_other_on_one_time_axis_without_overlap()
    {
        VcdReader vcd = WriteAndParse(SyntheticSuites.Mixed());
        string[] scopes = vcd.Vars.Select(v => v.Scope).Distinct().ToArray();
        Assert.Equal(4, scopes.Length);

        long previousEnd = -1;
        foreach (string scope in scopes)
        {
            long[] times = vcd.Changes.Where(c => c.Time > 0 && vcd.Vars.Single(v => v.Id == c.Id).Scope == scope).Select(c => c.Time).ToArray();
            Assert.True(times.Min() > previousEnd, $"{scope} starts before the previous scenario ended");
            previousEnd = times.Max();
        }
    }

    [Fact]
    public void Phase_starts_are_marked_with_comments()
    {
        VcdReader vcd = WriteAndParse(SyntheticSuites.Of(SyntheticSuites.Passed("S1")));

        Assert.Equal(
            ["S1: phase probe", "S1: phase freeze", "S1: phase freeze_noirq", "S1: phase restore_noirq", "S1: phase restore"],
            vcd.Comments.Select(c => c.Text));
    }

    [Fact]
    public void An_empty_suite_is_still_a_valid_vcd()
    {
        VcdReader vcd = WriteAndParse(SyntheticSuites.Of());

        Assert.Empty(vcd.Vars);
    }
}
