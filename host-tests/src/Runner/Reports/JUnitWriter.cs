using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using RestoreSuite;
using Runner.Suite;

namespace Runner.Reports;

/// <summary>
/// Writes JUnit XML (the Jenkins/GitLab/GitHub flavour): one testsuite for the run, one testcase per scenario.
/// A protocol verdict is a &lt;failure&gt;; a device restart is an &lt;error&gt; (the run was disturbed, the device
/// was not judged); a scenario the target could not run is &lt;skipped&gt;. Phase timings go in &lt;system-out&gt;.
/// </summary>
public sealed class JUnitWriter
{
    public const string SuiteName = "virtio-noirq-suite";

    public XDocument Build(SuiteResult suite)
    {
        int restarts = suite.Results.Count(r => r.Outcome.DeviceRestarted);
        int failures = suite.FailedCount - restarts;
        int tests = suite.Results.Count + suite.Skipped.Count;

        var testsuite = new XElement("testsuite",
            new XAttribute("name", SuiteName),
            new XAttribute("tests", tests),
            new XAttribute("failures", failures),
            new XAttribute("errors", restarts),
            new XAttribute("skipped", suite.Skipped.Count),
            new XAttribute("time", Seconds(suite.Duration)),
            new XAttribute("timestamp", suite.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("properties",
                Property("target", suite.TargetDescription),
                Property("rfc", suite.Kernel.Rfc.ToString().ToLowerInvariant()),
                Property("harden_notification", suite.Kernel.HardenNotification ? "true" : "false"),
                Property("cycles", suite.Cycles.ToString(CultureInfo.InvariantCulture))));

        var testcases = new List<(string Name, XElement Element)>();
        foreach (ScenarioResult r in suite.Results)
        {
            testcases.Add((r.Name, TestCase(r)));
        }

        foreach (SkippedScenario s in suite.Skipped)
        {
            testcases.Add((s.Name, new XElement("testcase",
                new XAttribute("classname", ClassName(s.DeviceKind)),
                new XAttribute("name", s.Name),
                new XAttribute("time", "0"),
                new XElement("skipped", new XAttribute("message", Format.XmlSafe(s.Reason))))));
        }

        testsuite.Add(testcases.OrderBy(t => suite.PositionOf(t.Name)).Select(t => t.Element));

        var root = new XElement("testsuites",
            new XAttribute("name", SuiteName),
            new XAttribute("tests", tests),
            new XAttribute("failures", failures),
            new XAttribute("errors", restarts),
            new XAttribute("skipped", suite.Skipped.Count),
            new XAttribute("time", Seconds(suite.Duration)),
            testsuite);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    public void Write(SuiteResult suite, TextWriter output)
    {
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false });
        Build(suite).Save(xml);
    }

    private static XElement TestCase(ScenarioResult r)
    {
        ScenarioOutcome o = r.Outcome;
        var testcase = new XElement("testcase",
            new XAttribute("classname", ClassName(r.DeviceKind)),
            new XAttribute("name", r.Name),
            new XAttribute("time", Seconds(o.Duration)));

        if (!o.Passed)
        {
            string message = Format.XmlSafe(o.Failure ?? "failed (no reason given)");
            testcase.Add(o.DeviceRestarted
                ? new XElement("error", new XAttribute("type", "DeviceRestarted"), new XAttribute("message", message), message)
                : new XElement("failure", new XAttribute("type", "ProtocolDivergence"), new XAttribute("message", message), message));
        }

        var output = new StringBuilder();
        output.Append(Format.XmlSafe(r.Title)).Append('\n');
        foreach (PhaseTotal p in PhaseSummary.Of(o.Phases))
        {
            output.Append(Format.XmlSafe(p.Phase)).Append(": ").Append(PhaseSummary.Describe(p)).Append('\n');
        }

        output.Append(o.Trace.Count.ToString(CultureInfo.InvariantCulture)).Append(" trace entries\n");
        testcase.Add(new XElement("system-out", output.ToString()));
        return testcase;
    }

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", Format.XmlSafe(value)));

    private static string ClassName(string deviceKind) => $"{SuiteName}.{deviceKind}";

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000###", CultureInfo.InvariantCulture);
}
