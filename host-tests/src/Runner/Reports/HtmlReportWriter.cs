using System.Net;
using System.Text;
using System.Xml.Linq;
using RestoreSuite;
using Runner.Suite;

namespace Runner.Reports;

/// <summary>
/// One self-contained HTML page (inline CSS and SVG, no scripts, no external assets): the closing line, a legend, the
/// summary table, then per scenario that ran its verdict, failure message, phase timings and exactly one SVG timeline
/// (<see cref="SvgTimeline"/>). Skipped scenarios appear in the summary only.
/// </summary>
public sealed class HtmlReportWriter
{
    private const string PassColor = "#2b8a3e";
    private const string FailColor = "#c92a2a";

    public void Write(SuiteResult suite, TextWriter output)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>virtio-noirq-suite: ").Append(E(suite.ClosingLine)).Append("</title>\n");
        html.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>virtio-noirq-suite <span class=\"").Append(suite.AllPassed ? "pass" : "fail").Append("\">")
            .Append(E(suite.ClosingLine)).Append("</span></h1>\n");
        html.Append("<p class=\"meta\">target: ").Append(E(suite.TargetDescription))
            .Append(" &middot; RFC ").Append(E(suite.Kernel.Rfc.ToString().ToLowerInvariant()))
            .Append(" &middot; notification hardening ").Append(suite.Kernel.HardenNotification ? "on" : "off")
            .Append(" &middot; cycles ").Append(suite.Cycles)
            .Append(" &middot; started ").Append(E(suite.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture)))
            .Append(" &middot; ").Append(Format.Milliseconds(suite.Duration)).Append(" ms</p>\n");
        AppendLegend(html);
        AppendSummary(html, suite);
        foreach (ScenarioResult r in suite.Results)
        {
            AppendScenario(html, r, suite.Devices.FirstOrDefault(d => d.Kind == r.DeviceKind)?.QueueCount ?? 0);
        }

        html.Append("</body>\n</html>\n");
        output.Write(html.ToString());
    }

    /// <summary>HTML id of a scenario's section.</summary>
    public static string Anchor(string scenario) => "s-" + VcdWriter.ScopeName(scenario);

    private static void AppendLegend(StringBuilder html)
    {
        html.Append("<div class=\"legend\"><b>How to read a timeline:</b> left to right is trace order (hover any mark for the exact access).\n");
        html.Append(Swatch(SvgTimeline.ReadColor, "register read (tick up)"));
        html.Append(Swatch(SvgTimeline.WriteColor, "register write (tick down)"));
        html.Append(Swatch("#fff3bf", "Status during bring-up"));
        html.Append(Swatch("#b2f2bb", "Status with DRIVER_OK"));
        html.Append(Swatch("#ffc9c9", "Status with FAILED / NEEDS_RESET"));
        html.Append(Swatch(SvgTimeline.IrqColor, "interrupt line (high = asserted)"));
        html.Append(Swatch(SvgTimeline.ReadyColor, "QueueReady (high = ready)"));
        html.Append(Swatch(SvgTimeline.FailColor, "where the device diverged"));
        html.Append("<br>Phase bands:\n");
        foreach ((string phase, string color) in PhaseColors.Known)
        {
            html.Append(Swatch(color, phase));
        }

        html.Append(Swatch(PhaseColors.Other, "other steps")).Append("</div>\n");
    }

    private static string Swatch(string color, string label) =>
        $"<span class=\"sw\"><i style=\"background:{color}\"></i>{E(label)}</span>\n";

    private static void AppendSummary(StringBuilder html, SuiteResult suite)
    {
        html.Append("<table class=\"summary\">\n<tr><th>Scenario</th><th>Device</th><th>Result</th><th>Time (ms)</th><th>Title</th></tr>\n");
        var rows = new List<(string Name, string Row)>();
        foreach (ScenarioResult r in suite.Results)
        {
            string verdict = ResultTableWriter.Verdict(r.Outcome);
            rows.Add((r.Name, $"<tr class=\"{(r.Passed ? "pass" : "fail")}\"><td><a href=\"#{E(Anchor(r.Name))}\">{E(r.Name)}</a></td>" +
                $"<td>{E(r.DeviceKind)}</td><td class=\"verdict\">{verdict}</td>" +
                $"<td class=\"num\">{Format.Milliseconds(r.Outcome.Duration)}</td><td>{E(r.Title)}</td></tr>\n"));
        }

        foreach (SkippedScenario s in suite.Skipped)
        {
            rows.Add((s.Name, $"<tr class=\"skip\"><td>{E(s.Name)}</td><td>{E(s.DeviceKind)}</td><td class=\"verdict\">SKIP</td>" +
                $"<td class=\"num\">-</td><td>{E(s.Reason)}</td></tr>\n"));
        }

        foreach ((_, string row) in rows.OrderBy(r => suite.PositionOf(r.Name)))
        {
            html.Append(row);
        }

        html.Append("</table>\n");
    }

    private static void AppendScenario(StringBuilder html, ScenarioResult r, int queues)
    {
        ScenarioOutcome o = r.Outcome;
        string cls = o.Passed ? "pass" : "fail";
        html.Append("<section id=\"").Append(E(Anchor(r.Name))).Append("\" class=\"scenario ").Append(cls).Append("\">\n");
        html.Append("<h2><span class=\"").Append(cls).Append("\">").Append(ResultTableWriter.Verdict(o)).Append("</span> ")
            .Append(E(r.Name)).Append("</h2>\n");
        html.Append("<p>").Append(E(r.Title)).Append(" &middot; device ").Append(E(r.DeviceKind))
            .Append(" &middot; ").Append(o.Trace.Count).Append(" trace entries</p>\n");
        if (!o.Passed)
        {
            html.Append("<p class=\"failure\">").Append(o.DeviceRestarted ? "Device restarted: " : "Diverged: ")
                .Append(E(o.Failure ?? "failed (no reason given)")).Append("</p>\n");
        }

        IReadOnlyList<PhaseTotal> phases = PhaseSummary.Of(o.Phases);
        if (phases.Count > 0)
        {
            html.Append("<div class=\"phases\"><table><tr>");
            foreach (PhaseTotal p in phases)
            {
                html.Append("<th style=\"background:").Append(PhaseColors.For(p.Phase)).Append("\">").Append(E(p.Phase)).Append("</th>");
            }

            html.Append("</tr><tr>");
            foreach (PhaseTotal p in phases)
            {
                html.Append("<td class=\"num\">").Append(E(PhaseSummary.Describe(p))).Append("</td>");
            }

            html.Append("</tr></table></div>\n");
        }

        XElement svg = SvgTimeline.Build(o, queues);
        html.Append("<div class=\"timeline\">").Append(svg.ToString(SaveOptions.DisableFormatting)).Append("</div>\n</section>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(Format.XmlSafe(text));

    private const string Css = $$"""
        body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin: 0.2em 0; }
        .pass { color: {{PassColor}}; } .fail { color: {{FailColor}}; } .skip { color: #868e96; }
        .meta { color: #555; }
        .legend { border: 1px solid #ddd; padding: 0.5em; margin: 1em 0; line-height: 1.8; }
        .sw { margin-right: 1.2em; white-space: nowrap; }
        .sw i { display: inline-block; width: 1.6em; height: 0.8em; margin-right: 0.3em; border: 1px solid #888; vertical-align: middle; }
        table { border-collapse: collapse; margin: 0.5em 0; }
        th, td { border: 1px solid #ddd; padding: 0.2em 0.6em; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.pass td.verdict { color: {{PassColor}}; font-weight: bold; } tr.fail td.verdict { color: {{FailColor}}; font-weight: bold; }
        section.scenario { border-left: 6px solid {{PassColor}}; padding: 0.3em 0.8em; margin: 1.5em 0; }
        section.scenario.fail { border-left-color: {{FailColor}}; }
        .failure { color: {{FailColor}}; font-family: ui-monospace, monospace; font-weight: bold; }
        .timeline, .phases { overflow-x: auto; }
        .timeline { border: 1px solid #eee; }

        """;
}
