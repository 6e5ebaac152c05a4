using RestoreSuite;
using Runner.Suite;

namespace Runner.Reports;

/// <summary>
/// The console summary: one row per scenario with its verdict and time per PM phase (milliseconds; the detailed
/// phases folded by <see cref="PmPhases"/> and summed over cycles), then the reason of every failure, then exactly
/// the closing line <c>N passed, M failed</c>.
/// </summary>
public sealed class ResultTableWriter
{
    public const string Pass = "PASS";
    public const string Fail = "FAIL";
    public const string Restart = "RESTART";
    public const string Skip = "SKIP";

    public void Write(SuiteResult suite, TextWriter output)
    {
        string[] phases = PmPhases.Columns;
        var header = new List<string> { "Scenario", "Device", "Result" };
        header.AddRange(phases);
        header.Add("total");

        var rows = new List<(string Name, string[] Cells)>();
        foreach (ScenarioResult r in suite.Results)
        {
            var row = new List<string> { r.Name, r.DeviceKind, Verdict(r.Outcome) };
            foreach (string phase in phases)
            {
                TimeSpan sum = TimeSpan.Zero;
                bool seen = false;
                foreach (PhaseTiming p in r.Outcome.Phases)
                {
                    if (PmPhases.Group(p.Phase) == phase)
                    {
                        sum += p.Duration;
                        seen = true;
                    }
                }

                row.Add(seen ? Format.Milliseconds(sum) : "-");
            }

            row.Add(Format.Milliseconds(r.Outcome.Duration));
            rows.Add((r.Name, row.ToArray()));
        }

        foreach (SkippedScenario s in suite.Skipped)
        {
            var row = new List<string> { s.Name, s.DeviceKind, Skip };
            row.AddRange(Enumerable.Repeat("-", phases.Length + 1));
            rows.Add((s.Name, row.ToArray()));
        }

        rows = rows.OrderBy(r => suite.PositionOf(r.Name)).ToList();

        int[] widths = header.Select(h => h.Length).ToArray();
        foreach ((_, string[] row) in rows)
        {
            for (int c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        output.WriteLine($"target: {suite.TargetDescription}; RFC {suite.Kernel.Rfc.ToString().ToLowerInvariant()}, " +
                         $"notification hardening {(suite.Kernel.HardenNotification ? "on" : "off")}, cycles {suite.Cycles}; times in ms");
        output.WriteLine();
        WriteRow(output, header.ToArray(), widths);
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))).TrimEnd());
        foreach ((_, string[] row) in rows)
        {
            WriteRow(output, row, widths);
        }

        output.WriteLine();
        foreach (ScenarioResult r in suite.Results.Where(r => !r.Passed))
        {
            string tag = r.Outcome.DeviceRestarted ? "DEVICE RESTARTED" : Fail;
            output.WriteLine($"{tag} {r.Name}: {r.Outcome.Failure ?? "failed (no reason given)"}");
        }

        foreach (SkippedScenario s in suite.Skipped)
        {
            output.WriteLine($"{Skip} {s.Name}: {s.Reason}");
        }

        if (suite.NotRun.Count > 0)
        {
            output.WriteLine($"INTERRUPTED: {suite.NotRun.Count} scenario(s) not run: {string.Join(", ", suite.NotRun)}");
        }

        if (suite.Results.Count == 0)
        {
            output.WriteLine("no scenario ran");
        }

        output.WriteLine(suite.ClosingLine);
    }

    public static string Verdict(ScenarioOutcome o) => o.Passed ? Pass : o.DeviceRestarted ? Restart : Fail;

    private static void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        // Names and verdicts left-aligned, numbers right-aligned.
        var parts = new string[cells.Length];
        for (int c = 0; c < cells.Length; c++)
        {
            parts[c] = c < 3 ? cells[c].PadRight(widths[c]) : cells[c].PadLeft(widths[c]);
        }

        output.WriteLine(string.Join("  ", parts).TrimEnd());
    }
}
