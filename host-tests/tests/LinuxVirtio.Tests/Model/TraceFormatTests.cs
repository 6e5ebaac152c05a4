using LinuxVirtio.Tracing;

namespace LinuxVirtio.Tests.Model;

public class TraceFormatTests
{
    private static readonly TraceEntry[] Sample =
    {
        new(1, TimeSpan.FromMilliseconds(1.5), TraceKind.Phase, 0, 0, 0, ExecContext.Process, "probe:virtio0"),
        new(2, TimeSpan.FromMilliseconds(2), TraceKind.Read, 0x070, 4, 0x0b, ExecContext.Noirq, "resume_noirq:virtio0"),
        new(3, TimeSpan.FromMilliseconds(3), TraceKind.Write, 0x104, 1, 0xff, ExecContext.Process, "io", "dev1"),
        new(4, TimeSpan.FromMilliseconds(4), TraceKind.IrqLine, 0, 0, 1, ExecContext.Noirq, "resume_noirq:virtio0"),
        new(5, TimeSpan.FromMilliseconds(5), TraceKind.Note, 0, 0, 0, ExecContext.Irq, "x", "polled used idx -> 1"),
    };

    [Fact]
    public void Every_kind_round_trips()
    {
        var text = TraceFormat.ToText(Sample);
        var parsed = TraceFormat.Parse(new StringReader(text));
        Assert.Equal(Sample.Length, parsed.Count);
        for (int i = 0; i < Sample.Length; i++)
        {
            Assert.Equal(Sample[i] with { Time = TimeSpan.Zero }, parsed[i] with { Time = TimeSpan.Zero });
            Assert.Equal(Sample[i].Time.TotalSeconds, parsed[i].Time.TotalSeconds, 6);
        }
    }

    [Fact]
    public void A_golden_line_has_no_time_and_names_the_register()
    {
        string line = TraceFormat.FormatLine(Sample[1], withTime: false);
        Assert.Equal("     2  -          noirq   resume_noirq:virtio0         R    0x070  Status             0x0000000b  4", line);
    }

    [Theory]
    [InlineData("1 - process p R 0x070 Status 0x0b", "an access needs")]
    [InlineData("1 - process p R 0x070 QueueSel 0x0b 4", "does not match")]
    [InlineData("1 - process p R 0x070 Status 0x0b 3", "bad width")]
    [InlineData("1 - process p X", "bad kind")]
    [InlineData("1 - kernel p PHASE", "bad context")]
    [InlineData("x - process p PHASE", "bad seq")]
    [InlineData("1 -1 process p PHASE", "bad time")]
    [InlineData("1 - process p IRQ 2", "IRQ needs")]
    [InlineData("1 - process p R 0x1000 Reg 0x0 4", "bad offset")]
    [InlineData("1 - process", "at least 5 fields")]
    [InlineData("1 NaN process p PHASE", "bad time")]
    [InlineData("1 Infinity process p PHASE", "bad time")]
    [InlineData("1 1e300 process p PHASE", "bad time")]
    [InlineData("1 - process p PHASE 0x070", "PHASE takes no fields")]
    [InlineData("1 - process p NOTE stray # text", "NOTE takes no fields")]
    public void Malformed_lines_are_rejected_with_the_line_number(string line, string why)
    {
        var e = Assert.Throws<FormatException>(() => TraceFormat.Parse(new StringReader("# header\n\n" + line)));
        Assert.StartsWith("trace line 3:", e.Message);
        Assert.Contains(why, e.Message);
    }
}
