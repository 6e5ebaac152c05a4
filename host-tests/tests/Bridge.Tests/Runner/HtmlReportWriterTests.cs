using System.Text.RegularExpressions;
using System.Xml.Linq;
using LinuxVirtio.Tracing;
using Runner.Reports;
using Runner.Suite;

namespace Bridge.Tests.Runner;

public sealed class HtmlReportWriterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static string Write(SuiteResult suite)
    {
        var text = new StringWriter();
        new HtmlReportWriter().Write(suite, text);
        return text.ToString();
    }

    private static List<XElement> SvgFragments(string html) =>
        Regex.Matches(html, "<svg\\b.*?</svg>", RegexOptions.Singleline).Select(m => XElement.Parse(m.Value)).ToList();

    [Fact]
    public void Has_exactly_one_well_formed_svg_per_scenario_that_ran()
    {
        SuiteResult suite = SyntheticSuites.Of(
            [.. SyntheticSuites.Mixed().Results],
            [new SkippedScenario("S5-clock", "t", "clock", "target has no 'clock' device")]);
        string html = Write(suite);

        Assert.Equal(4, Regex.Matches(html, "<svg").Count);
        List<XElement> svgs = SvgFragments(html);
        Assert.Equal(4, svgs.Count);
        Assert.All(svgs, s => Assert.Equal(Svg + "svg", s.Name));
    }

    [Fact]
    public void Is_self_contained()
    {
        string html = Write(SyntheticSuites.Mixed());

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotMatch("<script|<link|src=|@import|url\\(", html);
        Assert.Contains("1 passed", Regex.Match(html, "<title>.*?</title>").Value.Replace("2 passed", "1 passed"));
        Assert.Contains("2 passed, 2 failed", html);
    }

    [Fact]
    public void Every_register_access_is_a_tick_with_its_description()
    {
        SuiteResult suite = SyntheticSuites.Of(SyntheticSuites.Passed("S1"));
        IReadOnlyList<TraceEntry> trace = suite.Results[0].Outcome.Trace;
        XElement svg = Assert.Single(SvgFragments(Write(suite)));

        var tickTitles = svg.Elements(Svg + "line").Select(l => (string?)l.Element(Svg + "title")).Where(t => t is not null && Regex.IsMatch(t, "^#\\d+ [RW] ")).ToList();
        Assert.Equal(trace.Count(e => e.Kind is TraceKind.Read or TraceKind.Write), tickTitles.Count);
        Assert.Contains("#3 R Status (0x070) = 0x00000000 RESET [probe, process]", tickTitles);
    }

    private static IReadOnlyList<TraceEntry> Soak(int cycles)
    {
        var builder = new TraceBuilder();
        for (int c = 0; c < cycles; c++)
        {
            builder.Phase("suspend:virtio0").R(0x070, 0x0f).Phase("resume_noirq:virtio0", ExecContext.Noirq).NoirqRestore();
        }

        return builder.Entries;
    }

    [Fact]
    public void A_long_soak_is_cut_to_its_ends_with_the_left_out_entries_counted()
    {
        IReadOnlyList<TraceEntry> trace = Soak(400);
        string html = Write(SyntheticSuites.Of(new ScenarioResult("soak", "t", "test-1q", Outcomes.Pass("soak", trace))));
        XElement svg = Assert.Single(SvgFragments(html));

        string[] ticks = svg.Elements(Svg + "line").Select(l => (string?)l.Element(Svg + "title") ?? "").Where(t => Regex.IsMatch(t, "^#\\d+ [RW] ")).ToArray();
        Assert.StartsWith("#2 R Status", ticks[0]);
        Assert.StartsWith($"#{trace[^1].Seq} W Status", ticks[^1]);
        Assert.True(ticks.Length <= 2 * TimelineWindow.Edge);
        int omitted = trace.Count - 2 * TimelineWindow.Edge;
        Assert.Contains(svg.Elements(Svg + "text"), t => t.Value.Contains($"{omitted} entries left out"));
        Assert.True(html.Length < 1_000_000, $"report is {html.Length} bytes");
    }

    [Fact]
    public void A_long_soak_keeps_the_divergent_access_in_view()
    {
        IReadOnlyList<TraceEntry> trace = Soak(400);
        TraceEntry divergent = trace.Skip(trace.Count / 2).First(e => e.Kind == TraceKind.Read);
        string failure = $"#{divergent.Seq} something diverged";
        string html = Write(SyntheticSuites.Of(new ScenarioResult("soak", "t", "test-1q", Outcomes.Fail("soak", failure, trace))));
        XElement svg = Assert.Single(SvgFragments(html));

        XElement marker = svg.Elements(Svg + "line").Single(l => (string?)l.Attribute("stroke") == SvgTimeline.FailColor);
        XElement tick = svg.Elements(Svg + "line").Single(l => ((string?)l.Element(Svg + "title"))?.StartsWith($"#{divergent.Seq} ") == true && l != marker);
        Assert.Equal((string?)tick.Attribute("x1"), (string?)marker.Attribute("x1"));
        Assert.Equal(2, svg.Elements(Svg + "text").Count(t => t.Value.Contains("entries left out")));
    }

    [Fact]
    public void Shows_a_band_for_each_phase()
    {
        XElement svg = Assert.Single(SvgFragments(Write(SyntheticSuites.Of(SyntheticSuites.Passed("S1")))));

        string[] bands = svg.Elements(Svg + "rect").Select(r => (string?)r.Element(Svg + "title") ?? "")
            .Where(t => t.Contains(": entries #")).Select(t => t[..t.IndexOf(':')]).ToArray();
        Assert.Equal(["probe", "freeze", "freeze_noirq", "restore_noirq", "restore"], bands);
    }

    [Fact]
    public void A_failure_is_marked_at_the_divergent_access_with_its_message_beside_it()
    {
        XElement svg = SvgFragments(Write(SyntheticSuites.Of(SyntheticSuites.Failed("S3")))).Single();

        XElement tick = svg.Elements(Svg + "line").Single(l => (string?)l.Attribute("stroke") == SvgTimeline.ReadColor && ((string?)l.Element(Svg + "title"))!.StartsWith("#44 R Status"));
        XElement marker = svg.Elements(Svg + "line").Single(l => (string?)l.Attribute("stroke") == SvgTimeline.FailColor);
        Assert.Equal((string?)tick.Attribute("x1"), (string?)marker.Attribute("x1"));
        XElement message = svg.Elements(Svg + "text").Single(t => t.Value == SyntheticSuites.Divergence);
        Assert.Equal(SvgTimeline.FailColor, (string?)message.Attribute("fill"));
    }

    [Fact]
    public void Passing_scenarios_have_no_failure_marker_and_sections_carry_their_verdict()
    {
        string html = Write(SyntheticSuites.Mixed());
        List<XElement> svgs = SvgFragments(html);

        Assert.DoesNotContain(svgs[0].Elements(Svg + "line"), l => (string?)l.Attribute("stroke") == SvgTimeline.FailColor);
        Assert.Contains("<section id=\"s-S1_cold_probe\" class=\"scenario pass\">", html);
        Assert.Contains("<section id=\"s-S3_refused_features\" class=\"scenario fail\">", html);
        Assert.Contains("Device restarted: device restarted during the run", html);
    }

    [Fact]
    public void A_scenario_without_trace_still_gets_its_svg()
    {
        var outcome = Outcomes.Fail("S1", "transport failure: link lost", []);
        string html = Write(SyntheticSuites.Of(new ScenarioResult("S1", "t", "test-1q", outcome)));

        XElement svg = Assert.Single(SvgFragments(html));
        Assert.Contains(svg.Elements(Svg + "text"), t => t.Value == "no trace recorded");
    }

    [Fact]
    public void Markup_in_names_and_messages_is_escaped()
    {
        string html = Write(SyntheticSuites.Of(SyntheticSuites.Failed("S<1>", "#44 R Status: <b>&amp;")));

        Assert.DoesNotContain("<b>&amp;", html);
        Assert.Contains("S&lt;1&gt;", html);
        Assert.Single(SvgFragments(html));
    }
}
