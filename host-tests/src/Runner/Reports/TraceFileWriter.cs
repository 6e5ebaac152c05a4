using LinuxVirtio.Tracing;
using Runner.Suite;

namespace Runner.Reports;

/// <summary>
/// Writes the register traces of every scenario in the documented trace format (docs/trace-format.md): the format
/// header once, then per scenario a block of '#' comment lines (name, device, verdict, failure) and its entries.
/// Comment lines are skipped by <see cref="TraceFormat.Parse"/>, so the file reads back as one trace.
/// </summary>
public sealed class TraceFileWriter
{
    public const string ScenarioPrefix = "# scenario ";

    public void Write(SuiteResult suite, TextWriter output)
    {
        output.WriteLine(TraceFormat.Header);
        output.WriteLine($"# target: {OneLine(suite.TargetDescription)}; RFC {suite.Kernel.Rfc.ToString().ToLowerInvariant()}; cycles {suite.Cycles}");
        foreach (ScenarioResult r in suite.Results)
        {
            output.WriteLine("#");
            output.WriteLine($"{ScenarioPrefix}{r.Name}: {ResultTableWriter.Verdict(r.Outcome)}");
            output.WriteLine($"# title: {OneLine(r.Title)}; device: {r.DeviceKind}; entries: {r.Outcome.Trace.Count}");
            if (!r.Outcome.Passed)
            {
                output.WriteLine($"# failure: {OneLine(r.Outcome.Failure ?? "failed (no reason given)")}");
            }

            foreach (TraceEntry e in r.Outcome.Trace)
            {
                output.WriteLine(TraceFormat.FormatLine(e));
            }
        }
    }

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');
}
