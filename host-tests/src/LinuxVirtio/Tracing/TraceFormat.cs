using System.Globalization;
using System.Text;
using LinuxVirtio.Uapi;

namespace LinuxVirtio.Tracing;

/// <summary>
/// The one-line-per-entry text format of register traces (docs/trace-format.md):
/// <code>
/// seq  time  context  phase  R|W  offset  register  value  width  [# note]
/// seq  time  context  phase  IRQ  level                             [# note]
/// seq  time  context  phase  PHASE                                  [# note]
/// seq  time  context  phase  NOTE                                   # text
/// </code>
/// Fields are separated by whitespace; time is seconds with 6 decimals or "-" (golden traces omit it).
/// </summary>
public static class TraceFormat
{
    public const string Header = "# virtio-mmio register trace v1: seq time context phase kind [offset register value width] [# note]";

    /// <summary>Formats one entry; <paramref name="withTime"/> false writes "-" (golden traces are time-free).</summary>
    public static string FormatLine(TraceEntry e, bool withTime = true)
    {
        var sb = new StringBuilder(96);
        sb.Append(e.Seq.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append("  ");
        sb.Append((withTime ? e.Time.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture) : "-").PadRight(10)).Append(' ');
        sb.Append(ContextName(e.Context).PadRight(7)).Append(' ');
        sb.Append(SafePhase(e.Phase).PadRight(28)).Append(' ');
        switch (e.Kind)
        {
            case TraceKind.Read:
            case TraceKind.Write:
                sb.Append(e.Kind == TraceKind.Read ? "R    " : "W    ");
                sb.Append("0x").Append(e.Offset.ToString("x3", CultureInfo.InvariantCulture)).Append("  ");
                sb.Append(VirtioMmioRegisters.Name(e.Offset).PadRight(18)).Append(' ');
                sb.Append("0x").Append(e.Value.ToString("x8", CultureInfo.InvariantCulture)).Append("  ");
                sb.Append(e.Width.ToString(CultureInfo.InvariantCulture));
                break;
            case TraceKind.IrqLine:
                sb.Append("IRQ  ").Append(e.Value == 0 ? '0' : '1');
                break;
            case TraceKind.Phase:
                sb.Append("PHASE");
                break;
            case TraceKind.Note:
                sb.Append("NOTE");
                break;
        }

        if (!string.IsNullOrEmpty(e.Note))
        {
            sb.Append("  # ").Append(e.Note.Replace('\n', ' '));
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>Writes a header line and every entry.</summary>
    public static void Write(TextWriter writer, IEnumerable<TraceEntry> entries, bool withTime = true)
    {
        writer.WriteLine(Header);
        foreach (var e in entries)
        {
            writer.WriteLine(FormatLine(e, withTime));
        }
    }

    public static string ToText(IEnumerable<TraceEntry> entries, bool withTime = true)
    {
        using var sw = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(sw, entries, withTime);
        return sw.ToString();
    }

    /// <summary>Parses a whole trace; blank lines and lines starting with '#' are skipped.</summary>
    public static List<TraceEntry> Parse(TextReader reader)
    {
        var list = new List<TraceEntry>();
        int lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNo++;
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            list.Add(ParseLine(line, lineNo));
        }

        return list;
    }

    /// <summary>Parses one line; throws <see cref="FormatException"/> naming the line and the bad field.</summary>
    public static TraceEntry ParseLine(string line, int lineNo = 0)
    {
        string? note = null;
        int hash = line.IndexOf(" # ", StringComparison.Ordinal);
        string body = line;
        if (hash >= 0)
        {
            note = line[(hash + 3)..];
            body = line[..hash];
        }

        string[] f = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 5)
        {
            throw Bad(lineNo, "expected at least 5 fields (seq time context phase kind)");
        }

        if (!long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out long seq))
        {
            throw Bad(lineNo, $"bad seq '{f[0]}'");
        }

        TimeSpan time = TimeSpan.Zero;
        if (f[1] != "-")
        {
            // NaN, infinities and huge values parse as doubles but are no time a trace can have.
            if (!double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double secs)
                || !double.IsFinite(secs) || secs < 0 || secs >= TimeSpan.MaxValue.TotalSeconds)
            {
                throw Bad(lineNo, $"bad time '{f[1]}'");
            }

            time = TimeSpan.FromSeconds(secs);
        }

        ExecContext ctx = f[2] switch
        {
            "process" => ExecContext.Process,
            "irq" => ExecContext.Irq,
            "noirq" => ExecContext.Noirq,
            _ => throw Bad(lineNo, $"bad context '{f[2]}'"),
        };
        string phase = f[3];
        switch (f[4])
        {
            case "R":
            case "W":
                if (f.Length != 9)
                {
                    throw Bad(lineNo, "an access needs offset, register, value and width");
                }

                int offset = (int)ParseHex(f[5], lineNo, "offset");
                if (!VirtioMmioRegisters.TryParseName(f[6], out int named) || named != offset)
                {
                    throw Bad(lineNo, $"register name '{f[6]}' does not match offset {f[5]}");
                }

                uint value = (uint)ParseHex(f[7], lineNo, "value", allowFull: true);
                if (!int.TryParse(f[8], NumberStyles.None, CultureInfo.InvariantCulture, out int width) || (width != 1 && width != 2 && width != 4))
                {
                    throw Bad(lineNo, $"bad width '{f[8]}'");
                }

                return new TraceEntry(seq, time, f[4] == "R" ? TraceKind.Read : TraceKind.Write, offset, width, value, ctx, phase, note);
            case "IRQ":
                if (f.Length != 6 || (f[5] != "0" && f[5] != "1"))
                {
                    throw Bad(lineNo, "IRQ needs a level 0 or 1");
                }

                return new TraceEntry(seq, time, TraceKind.IrqLine, 0, 0, f[5] == "1" ? 1u : 0u, ctx, phase, note);
            case "PHASE":
            case "NOTE":
                if (f.Length != 5)
                {
                    throw Bad(lineNo, $"{f[4]} takes no fields after the kind (a note goes after ' # ')");
                }

                return new TraceEntry(seq, time, f[4] == "PHASE" ? TraceKind.Phase : TraceKind.Note, 0, 0, 0, ctx, phase, note);
            default:
                throw Bad(lineNo, $"bad kind '{f[4]}'");
        }
    }

    public static string ContextName(ExecContext c) => c switch
    {
        ExecContext.Process => "process",
        ExecContext.Irq => "irq",
        _ => "noirq",
    };

    private static string SafePhase(string phase) => phase.Length == 0 ? "-" : phase.Replace(' ', '_');

    private static long ParseHex(string s, int lineNo, string what, bool allowFull = false)
    {
        if (!s.StartsWith("0x", StringComparison.Ordinal)
            || !ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v)
            || v > (allowFull ? uint.MaxValue : 0xfff))
        {
            throw Bad(lineNo, $"bad {what} '{s}'");
        }

        return (long)v;
    }

    private static FormatException Bad(int lineNo, string why) => new($"trace line {lineNo}: {why}");
}
