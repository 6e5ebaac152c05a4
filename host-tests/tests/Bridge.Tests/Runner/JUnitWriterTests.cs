using System.Xml.Linq;
using Runner.Reports;
using Runner.Suite;

namespace Bridge.Tests.Runner;

public sealed class JUnitWriterTests
{
    private static XDocument WriteAndParse(SuiteResult suite)
    {
        var text = new StringWriter();
        new JUnitWriter().Write(suite, text);
        return XDocument.Parse(text.ToString());
    }

    [Fact]
    public void Counts_failures_restarts_and_skips_like_a_ci_server_does()
    {
        SuiteResult suite = SyntheticSuites.Of(
            [.. SyntheticSuites.Mixed().Results],
            [new SkippedScenario("S5-clock", "t", "clock", "target has no 'clock' device")]);
        XElement testsuite = WriteAndParse(suite).Root!.Element("testsuite")!;

        Assert.Equal("5", (string?)testsuite.Attribute("tests"));
        Assert.Equal("1", (string?)testsuite.Attribute("failures"));
        Assert.Equal("1", (string?)testsuite.Attribute("errors"));
        Assert.Equal("1", (string?)testsuite.Attribute("skipped"));
        Assert.Equal(5, testsuite.Elements("testcase").Count());
    }

    [Fact]
    public void A_divergence_is_a_failure_carrying_the_divergent_access()
    {
        XElement testsuite = WriteAndParse(SyntheticSuites.Mixed()).Root!.Element("testsuite")!;
        XElement testcase = testsuite.Elements("testcase").Single(t => (string?)t.Attribute("name") == "S3-refused-features");

        XElement failure = Assert.Single(testcase.Elements("failure"));
        Assert.Equal(SyntheticSuites.Divergence, (string?)failure.Attribute("message"));
        Assert.Empty(testcase.Elements("error"));
    }

    [Fact]
    public void A_device_restart_is_an_error_not_a_failure()
    {
        XElement testsuite = WriteAndParse(SyntheticSuites.Mixed()).Root!.Element("testsuite")!;
        XElement testcase = testsuite.Elements("testcase").Single(t => (string?)t.Attribute("name") == "S4-restart");

        Assert.Equal("DeviceRestarted", (string?)Assert.Single(testcase.Elements("error")).Attribute("type"));
        Assert.Empty(testcase.Elements("failure"));
    }

    [Fact]
    public void Passing_cases_have_no_verdict_element_and_carry_phase_timings()
    {
        XElement testsuite = WriteAndParse(SyntheticSuites.Mixed()).Root!.Element("testsuite")!;
        XElement testcase = testsuite.Elements("testcase").Single(t => (string?)t.Attribute("name") == "S1-cold-probe");

        Assert.Empty(testcase.Elements("failure"));
        Assert.Empty(testcase.Elements("error"));
        Assert.Equal("0.004375", (string?)testcase.Attribute("time"));
        Assert.Equal("virtio-noirq-suite.test-1q", (string?)testcase.Attribute("classname"));
        Assert.Contains("restore_noirq: 2.000 ms", (string)testcase.Element("system-out")!);
    }

    [Fact]
    public void Control_characters_in_a_message_do_not_break_the_xml()
    {
        SuiteResult suite = SyntheticSuites.Of(SyntheticSuites.Failed("S1", "#3 R Status: got \u0001\u001b garbage <&>"));
        XElement failure = WriteAndParse(suite).Descendants("failure").Single();

        Assert.Contains("garbage <&>", (string?)failure.Attribute("message"));
    }
}
