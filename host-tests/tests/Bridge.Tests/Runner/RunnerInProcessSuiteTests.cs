using System.Text.RegularExpressions;
using System.Xml.Linq;
using LinuxVirtio.Tracing;
using RestoreSuite;
using Runner;
using Runner.Cli;

namespace Bridge.Tests.Runner;

/// <summary>
/// The README's first command, in process: the real suite against the built-in emulator, with every report file,
/// cross-checked against each other (the trace file is the reference the VCD, JUnit and HTML must agree with).
/// </summary>
public sealed class RunnerInProcessSuiteTests : IClassFixture<RunnerInProcessSuiteTests.FullRun>
{
    private readonly FullRun _run;

    public RunnerInProcessSuiteTests(FullRun run) => _run = run;

    /// <summary>One whole-suite run with all reports, shared by the tests of this class.</summary>
    public sealed class FullRun : IDisposable
    {
        private readonly TempDir _dir = new();

        public FullRun()
        {
            var output = new StringWriter { NewLine = "\n" };
            var error = new StringWriter { NewLine = "\n" };
            ExitCode = Program.Run(
                ["--trace", Trace, "--junit", JUnit, "--report", Html, "--vcd", Vcd],
                output, error, DefaultEnvironment.Create());
            Output = output.ToString();
            Error = error.ToString();
        }

        public int ExitCode { get; }

        public string Output { get; }

        public string Error { get; }

        public string Trace => _dir.File("suite.trace");

        public string JUnit => _dir.File("suite.xml");

        public string Html => _dir.File("suite.html");

        public string Vcd => _dir.File("suite.vcd");

        public void Dispose() => _dir.Dispose();
    }

    /// <summary>The trace file split at its per-scenario headers and parsed back with the documented parser.</summary>
    private Dictionary<string, List<TraceEntry>> TracesByScenario()
    {
        var result = new Dictionary<string, List<TraceEntry>>();
        string? current = null;
        var block = new List<string>();
        foreach (string line in File.ReadLines(_run.Trace).Append("# scenario END: -"))
        {
            if (line.StartsWith("# scenario ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    result[current] = TraceFormat.Parse(new StringReader(string.Join('\n', block)));
                }

                current = line["# scenario ".Length..line.LastIndexOf(':')];
                block.Clear();
            }
            else
            {
                block.Add(line);
            }
        }

        return result;
    }

    [Fact]
    public void Every_scenario_passes_and_the_run_ends_with_the_closing_line()
    {
        Assert.True(_run.ExitCode == ExitCodes.AllPassed, _run.Output + _run.Error);
        string[] lines = _run.Output.TrimEnd('\n').Split('\n');
        Assert.Equal($"{Scenarios.All.Count} passed, 0 failed", lines[^1]);
        Assert.All(Scenarios.All, s => Assert.Contains(lines, l => Regex.IsMatch(l, $"^{Regex.Escape(s.Name)} +{Regex.Escape(s.DeviceKind)} +PASS ")));
    }

    [Fact]
    public void The_trace_file_has_a_header_per_scenario_and_parses_back()
    {
        Dictionary<string, List<TraceEntry>> traces = TracesByScenario();

        Assert.Equal(Scenarios.All.Select(s => s.Name), traces.Keys);
        Assert.All(traces.Values, t => Assert.Contains(t, e => e.Kind is TraceKind.Read or TraceKind.Write));
    }

    [Fact]
    public void The_junit_report_counts_every_scenario_with_no_failure()
    {
        XElement suite = XDocument.Load(_run.JUnit).Root!.Element("testsuite")!;

        Assert.Equal(Scenarios.All.Count, (int)suite.Attribute("tests")!);
        Assert.Equal(0, (int)suite.Attribute("failures")!);
        Assert.Equal(0, (int)suite.Attribute("errors")!);
        Assert.Equal(Scenarios.All.Select(s => s.Name), suite.Elements("testcase").Select(t => (string)t.Attribute("name")!));
        Assert.Empty(suite.Descendants("failure"));
    }

    [Fact]
    public void The_html_report_has_one_well_formed_svg_per_scenario()
    {
        string html = File.ReadAllText(_run.Html);

        MatchCollection svgs = Regex.Matches(html, "<svg\\b.*?</svg>", RegexOptions.Singleline);
        Assert.Equal(Scenarios.All.Count, Regex.Matches(html, "<svg").Count);
        Assert.Equal(Scenarios.All.Count, svgs.Count);
        Assert.All(svgs, m => XElement.Parse(m.Value));
    }

    [Fact]
    public void The_vcd_status_and_queue_ready_agree_with_the_trace_file()
    {
        VcdReader vcd = VcdReader.Parse(File.ReadAllText(_run.Vcd));
        Dictionary<string, List<TraceEntry>> traces = TracesByScenario();

        foreach ((string scenario, List<TraceEntry> trace) in traces)
        {
            string scope = "suite." + Regex.Replace(scenario, "[^A-Za-z0-9]", "_");
            long start = vcd.History(vcd.Find(scope, "status")).Skip(1).FirstOrDefault().Time - FirstStatusOffset(trace);

            // Every distinct Status value, at the access that set it (time = start + seq - first seq).
            var expected = new List<(long, string)>();
            uint? last = null;
            foreach (TraceEntry e in trace.Where(e => e.Offset == 0x070 && e.Kind is TraceKind.Read or TraceKind.Write))
            {
                if (last != (e.Value & 0xff))
                {
                    last = e.Value & 0xff;
                    expected.Add((start + e.Seq - trace[0].Seq, Convert.ToString((byte)last.Value, 2).PadLeft(8, '0')));
                }
            }

            Assert.Equal(expected, vcd.History(vcd.Find(scope, "status")).Skip(1));

            // QueueReady of queue 0: 1 right after the driver writes QueueReady=1 with queue 0 selected, 0 right
            // after a reset (Status <- 0).
            var queue0 = vcd.History(vcd.Find(scope, "queue0_ready"));
            Assert.Equal("x", queue0[0].Value);
            int selected = 0;
            int checkedPoints = 0;
            foreach (TraceEntry e in trace.Where(e => e.Kind == TraceKind.Write))
            {
                long time = start + e.Seq - trace[0].Seq;
                if (e.Offset == 0x030)
                {
                    selected = (int)e.Value;
                }
                else if ((e.Offset == 0x044 && selected == 0) || (e.Offset == 0x070 && e.Value == 0))
                {
                    string expectedLevel = e.Offset == 0x070 ? "0" : (e.Value & 1).ToString();
                    Assert.Equal(expectedLevel, queue0.Last(c => c.Time <= time).Value);
                    checkedPoints++;
                }
            }

            Assert.True(checkedPoints > 0, $"{scenario}: no reset or QueueReady write to check");
        }
    }

    private static long FirstStatusOffset(List<TraceEntry> trace) =>
        trace.First(e => e.Offset == 0x070 && e.Kind is TraceKind.Read or TraceKind.Write).Seq - trace[0].Seq;

    [Fact]
    public void A_soak_runs_the_cycles_and_reports_progress()
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = Program.Run(["--scenario", "S2-noirq-happy-path", "--cycles", "3"], output, error, DefaultEnvironment.Create());

        Assert.Equal(ExitCodes.AllPassed, code);
        Assert.EndsWith("1 passed, 0 failed\n", output.ToString());
        Assert.Contains("cycle 3 done", error.ToString());
    }
}
