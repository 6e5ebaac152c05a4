using LinuxVirtio.Uapi;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LinuxVirtio.Tracing;
using RestoreSuite;

namespace Runner.Reports;

/// <summary>
/// Draws one scenario's trace as an SVG timeline. The x axis is the trace order (one step per entry; a long soak is
/// cut to its beginning, the stretch around the divergence and its end, see <see cref="TimelineWindow"/>). From top to
/// bottom: phase bands (behind everything, labelled on top), register accesses as ticks (reads up, writes down,
/// hover for the access), Status as labelled segments, the interrupt line, QueueReady per queue, and, for a failed
/// scenario, a red marker at the divergent access with the failure message beside it.
/// </summary>
public sealed partial class SvgTimeline
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public const string ReadColor = "#1c64d2";
    public const string WriteColor = "#d9480f";
    public const string IrqColor = "#7048e8";
    public const string ReadyColor = "#2b8a3e";
    public const string FailColor = "#e03131";

    private const double Left = 120;
    private const double Right = 80; // room for the last phase label
    private const double PhaseRow = 34;
    private const double CharWidth = 7.0; // approximate advance of an 11px sans-serif character
    private const double LaneHeight = 34;
    private const double LaneGap = 8;
    private const double MinPlot = 640;
    private const double MaxPlot = 6000;
    private const double MaxStep = 9;

    private readonly IReadOnlyList<TraceEntry> _trace;
    private readonly TimelineWindow _window;
    private readonly int _divergent;
    private readonly double _step;
    private readonly double _plotWidth;

    private SvgTimeline(ScenarioOutcome outcome)
    {
        _trace = outcome.Trace;
        _divergent = outcome.Passed ? -1 : DivergentIndex(_trace, outcome.Failure);
        _window = TimelineWindow.For(_trace.Count, _divergent);
        _plotWidth = Math.Clamp(_window.Count * MaxStep, MinPlot, MaxPlot);
        _step = _plotWidth / Math.Max(_window.Count, 1);
    }

    /// <summary>Builds the SVG element of one scenario.</summary>
    /// <param name="queues">Queues to draw even if the trace never makes them ready.</param>
    public static XElement Build(ScenarioOutcome outcome, int queues = 0) => new SvgTimeline(outcome).Draw(outcome, queues);

    /// <summary>
    /// The trace index of the access a failure message names: messages start with "#SEQ" (ScenarioOutcome.Failure);
    /// without one, the last entry. -1 for an empty trace.
    /// </summary>
    public static int DivergentIndex(IReadOnlyList<TraceEntry> trace, string? failure)
    {
        if (trace.Count == 0)
        {
            return -1;
        }

        Match m = SeqPattern().Match(failure ?? string.Empty);
        if (m.Success && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long seq))
        {
            for (int i = 0; i < trace.Count; i++)
            {
                if (trace[i].Seq == seq)
                {
                    return i;
                }
            }
        }

        return trace.Count - 1;
    }

    private XElement Draw(ScenarioOutcome outcome, int queues)
    {
        TraceSignals signals = TraceSignals.Derive(_trace, queues);
        double accessTop = PhaseRow + LaneGap;
        double statusTop = accessTop + LaneHeight + LaneGap;
        double irqTop = statusTop + LaneHeight + LaneGap;
        double queueTop = irqTop + LaneHeight / 2 + LaneGap;
        double lanesBottom = queueTop + signals.QueueReady.Count * (LaneHeight / 2 + LaneGap);
        double height = lanesBottom + 52;
        double width = Left + _plotWidth + Right;

        var svg = new XElement(Svg + "svg",
            new XAttribute("width", N(width)),
            new XAttribute("height", N(height)),
            new XAttribute("viewBox", $"0 0 {N(width)} {N(height)}"),
            new XAttribute("font-family", "sans-serif"),
            new XAttribute("font-size", "11"),
            new XElement(Svg + "title", Format.XmlSafe($"{outcome.Scenario}: {(outcome.Passed ? "pass" : "fail")}")));

        if (_trace.Count == 0)
        {
            svg.Add(Text(Left, PhaseRow + 20, "no trace recorded", "start", "#666"));
        }

        DrawPhaseBands(svg, lanesBottom);
        DrawLaneLabel(svg, accessTop, LaneHeight, "accesses");
        DrawAccesses(svg, accessTop);
        DrawLaneLabel(svg, statusTop, LaneHeight, "Status");
        DrawStatus(svg, signals.Status, statusTop);
        DrawLaneLabel(svg, irqTop, LaneHeight / 2, "interrupt line");
        DrawStepLine(svg, signals.InterruptLine, irqTop, LaneHeight / 2, IrqColor, "interrupt line", initial: 0); // low until an IrqLine entry
        for (int q = 0; q < signals.QueueReady.Count; q++)
        {
            double top = queueTop + q * (LaneHeight / 2 + LaneGap);
            DrawLaneLabel(svg, top, LaneHeight / 2, $"queue {q} ready");
            DrawStepLine(svg, signals.QueueReady[q], top, LaneHeight / 2, ReadyColor, $"queue {q} ready", initial: null);
        }

        DrawAxis(svg, lanesBottom);
        DrawGaps(svg, lanesBottom);
        if (!outcome.Passed)
        {
            DrawFailure(svg, outcome.Failure ?? "failed", accessTop, lanesBottom);
        }

        return svg;
    }

    /// <summary>Centre of the display position <paramref name="position"/>.</summary>
    private double X(int position) => Left + position * _step + _step / 2;

    /// <summary>Left edge of a display position (where a value that changes there starts).</summary>
    private double Edge(int position) => Left + position * _step;

    private TraceEntry At(int position) => _trace[_window.TraceIndex(position)];

    /// <summary>Signal changes at their display positions; of several that land on one position, the last wins.</summary>
    private List<(int Position, SignalChange Change)> Visible(IReadOnlyList<SignalChange> changes)
    {
        var visible = new List<(int Position, SignalChange Change)>(changes.Count);
        foreach (SignalChange c in changes)
        {
            int position = _window.Position(c.Index);
            if (visible.Count > 0 && visible[^1].Position == position)
            {
                visible[^1] = (position, c);
            }
            else
            {
                visible.Add((position, c));
            }
        }

        return visible;
    }

    private bool GapBefore(int position) => _window.Gaps.Any(g => g.Position == position);

    private void DrawPhaseBands(XElement svg, double bottom)
    {
        int start = 0;
        double[] rowEnds = [double.MinValue, double.MinValue];
        var labels = new List<XElement>(); // drawn after every band, so no later band paints over a long label
        for (int i = 1; i <= _window.Count; i++)
        {
            if (i < _window.Count && At(i).Phase == At(start).Phase && !GapBefore(i))
            {
                continue;
            }

            string phase = At(start).Phase;
            double x0 = Edge(start);
            double w = (i - start) * _step;
            svg.Add(new XElement(Svg + "rect",
                new XAttribute("x", N(x0)), new XAttribute("y", "0"),
                new XAttribute("width", N(w)), new XAttribute("height", N(bottom)),
                new XAttribute("fill", PhaseColors.For(phase)), new XAttribute("fill-opacity", "0.6"),
                new XElement(Svg + "title", Format.XmlSafe($"{phase}: entries #{At(start).Seq}..#{At(i - 1).Seq}"))));
            // Labels go on the first of two rows with room, shifted right past the previous label if the band is
            // wide enough; a band too crowded for either keeps its name in the hover title.
            for (int row = 0; row < rowEnds.Length; row++)
            {
                double lx = Math.Max(x0 + 3, rowEnds[row]);
                if (lx < x0 + w - 6)
                {
                    labels.Add(Text(lx, 12 + row * 13, phase, "start", "#333", bold: row == 0));
                    rowEnds[row] = lx + phase.Length * CharWidth + 6;
                    break;
                }
            }

            start = i;
        }

        svg.Add(labels);
    }

    private void DrawLaneLabel(XElement svg, double top, double height, string label)
    {
        svg.Add(Text(Left - 8, top + height / 2 + 4, label, "end", "#333"));
        svg.Add(new XElement(Svg + "line",
            new XAttribute("x1", N(Left)), new XAttribute("y1", N(top + height)),
            new XAttribute("x2", N(Left + _plotWidth)), new XAttribute("y2", N(top + height)),
            new XAttribute("stroke", "#bbb"), new XAttribute("stroke-width", "0.5")));
    }

    private void DrawAccesses(XElement svg, double top)
    {
        double mid = top + LaneHeight / 2;
        string width = N(Math.Clamp(_step * 0.6, 0.3, 3));
        for (int i = 0; i < _window.Count; i++)
        {
            TraceEntry e = At(i);
            if (e.Kind is not (TraceKind.Read or TraceKind.Write))
            {
                continue;
            }

            bool read = e.Kind == TraceKind.Read;
            double x = X(i);
            svg.Add(new XElement(Svg + "line",
                new XAttribute("x1", N(x)), new XAttribute("y1", N(mid)),
                new XAttribute("x2", N(x)), new XAttribute("y2", N(read ? top + 2 : top + LaneHeight - 2)),
                new XAttribute("stroke", read ? ReadColor : WriteColor),
                new XAttribute("stroke-width", width),
                new XElement(Svg + "title", Format.XmlSafe(Describe(e)))));
        }
    }

    private void DrawStatus(XElement svg, IReadOnlyList<SignalChange> all, double top)
    {
        List<(int Position, SignalChange Change)> changes = Visible(all);
        for (int c = 0; c < changes.Count; c++)
        {
            if (changes[c].Change.Value is not uint value)
            {
                continue;
            }

            double x0 = Edge(changes[c].Position);
            double x1 = c + 1 < changes.Count ? Edge(changes[c + 1].Position) : Edge(_window.Count);
            string fill = (value & 0xc0) != 0 ? "#ffc9c9" : (value & 0x04) != 0 ? "#b2f2bb" : value == 0 ? "#f1f3f5" : "#fff3bf";
            string hex = "0x" + value.ToString("x2", CultureInfo.InvariantCulture);
            svg.Add(new XElement(Svg + "rect",
                new XAttribute("x", N(x0)), new XAttribute("y", N(top + 2)),
                new XAttribute("width", N(Math.Max(x1 - x0, 0.5))), new XAttribute("height", N(LaneHeight - 4)),
                new XAttribute("fill", fill), new XAttribute("stroke", "#555"), new XAttribute("stroke-width", "0.6"),
                new XElement(Svg + "title", $"Status {hex} {VirtioStatus.Describe(value)} from #{changes[c].Change.Seq}")));
            string label = $"{hex} {VirtioStatus.Describe(value)}";
            if (x1 - x0 >= label.Length * CharWidth + 6)
            {
                svg.Add(Text(x0 + 3, top + LaneHeight / 2 + 4, label, "start", "#000"));
            }
            else if (x1 - x0 >= hex.Length * CharWidth + 6)
            {
                svg.Add(Text(x0 + 3, top + LaneHeight / 2 + 4, hex, "start", "#000"));
            }
        }
    }

    private void DrawStepLine(XElement svg, IReadOnlyList<SignalChange> changes, double top, double height, string color, string name, uint? initial)
    {
        if (_trace.Count == 0)
        {
            return;
        }

        double high = top + 3;
        double low = top + height - 3;
        var points = new List<string>();
        // An unknown level is not drawn at all, rather than drawn as a guess.
        uint? level = initial;
        double? y = initial is null ? null : initial != 0 ? high : low;
        if (y is double first)
        {
            points.Add($"{N(Left)},{N(first)}");
        }

        foreach ((int position, SignalChange c) in Visible(changes))
        {
            double x = Edge(position);
            if (y is double previous)
            {
                points.Add($"{N(x)},{N(previous)}");
            }

            y = c.Value is null ? null : c.Value != 0 ? high : low;
            level = c.Value;
            if (y is double now)
            {
                points.Add($"{N(x)},{N(now)}");
            }
            else
            {
                FlushPolyline(svg, points, color, name);
            }
        }

        if (y is double last)
        {
            points.Add($"{N(Edge(_window.Count))},{N(last)}");
        }

        FlushPolyline(svg, points, color, $"{name} (last {(level is null ? "unknown" : level.Value.ToString(CultureInfo.InvariantCulture))})");
    }

    private static void FlushPolyline(XElement svg, List<string> points, string color, string title)
    {
        if (points.Count >= 2)
        {
            svg.Add(new XElement(Svg + "polyline",
                new XAttribute("points", string.Join(' ', points)),
                new XAttribute("fill", "none"), new XAttribute("stroke", color), new XAttribute("stroke-width", "2"),
                new XElement(Svg + "title", title)));
        }

        points.Clear();
    }

    private void DrawAxis(XElement svg, double bottom)
    {
        if (_trace.Count == 0)
        {
            return;
        }

        int every = Math.Max(1, (int)Math.Ceiling(80 / _step));
        for (int i = 0; i < _window.Count; i += every)
        {
            svg.Add(Text(X(i), bottom + 14, "#" + At(i).Seq.ToString(CultureInfo.InvariantCulture), "middle", "#666"));
        }
    }

    /// <summary>A dashed cut where entries were left out, saying how many.</summary>
    private void DrawGaps(XElement svg, double bottom)
    {
        foreach ((int position, int omitted) in _window.Gaps)
        {
            double x = Edge(position);
            string text = $"{omitted} entries left out (see the --trace file)";
            svg.Add(new XElement(Svg + "line",
                new XAttribute("x1", N(x)), new XAttribute("y1", "0"),
                new XAttribute("x2", N(x)), new XAttribute("y2", N(bottom)),
                new XAttribute("stroke", "#000"), new XAttribute("stroke-width", "1.5"), new XAttribute("stroke-dasharray", "4 3"),
                new XElement(Svg + "title", text)));
            svg.Add(Text(x + 3, bottom + 28, "\u2026 " + text, "start", "#000"));
        }
    }

    private void DrawFailure(XElement svg, string failure, double top, double bottom)
    {
        double x = _divergent < 0 ? Left : X(_window.Position(_divergent));
        svg.Add(new XElement(Svg + "line",
            new XAttribute("x1", N(x)), new XAttribute("y1", N(top - 4)),
            new XAttribute("x2", N(x)), new XAttribute("y2", N(bottom + 34)),
            new XAttribute("stroke", FailColor), new XAttribute("stroke-width", "2"),
            new XElement(Svg + "title", Format.XmlSafe(failure))));
        svg.Add(new XElement(Svg + "circle",
            new XAttribute("cx", N(x)), new XAttribute("cy", N(top + LaneHeight / 2)), new XAttribute("r", "4"),
            new XAttribute("fill", FailColor)));

        // The message sits next to the marker, on the side with more room, unless only the other side fits it.
        double textWidth = failure.Length * CharWidth;
        bool leftSide = x > Left + _plotWidth / 2;
        if (leftSide && x - 6 - textWidth < 0 && x + 6 + textWidth <= Left + _plotWidth + Right)
        {
            leftSide = false;
        }
        else if (!leftSide && x + 6 + textWidth > Left + _plotWidth + Right && x - 6 - textWidth >= 0)
        {
            leftSide = true;
        }

        svg.Add(Text(leftSide ? x - 6 : x + 6, bottom + 44, failure, leftSide ? "end" : "start", FailColor, bold: true));
    }

    private static string Describe(TraceEntry e)
    {
        string rw = e.Kind == TraceKind.Read ? "R" : "W";
        string text = $"#{e.Seq} {rw} {VirtioMmioRegisters.Name(e.Offset)} ({Format.Hex3(e.Offset)}) = {Format.Hex(e.Value, e.Width)}";
        if (e.Offset == VirtioMmioRegisters.Status)
        {
            text += " " + VirtioStatus.Describe(e.Value & 0xff);
        }

        text += $" [{e.Phase}, {e.Context.ToString().ToLowerInvariant()}]";
        return e.Note is null ? text : text + " " + e.Note;
    }

    private static XElement Text(double x, double y, string text, string anchor, string color, bool bold = false)
    {
        var element = new XElement(Svg + "text",
            new XAttribute("x", N(x)), new XAttribute("y", N(y)),
            new XAttribute("text-anchor", anchor), new XAttribute("fill", color), Format.XmlSafe(text));
        if (bold)
        {
            element.Add(new XAttribute("font-weight", "bold"));
        }

        return element;
    }

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*#(\d+)\b")]
    private static partial Regex SeqPattern();
}
