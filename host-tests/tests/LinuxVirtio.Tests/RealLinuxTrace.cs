using System.Globalization;
using System.Text.RegularExpressions;
using LinuxVirtio.Tracing;
using LinuxVirtio.Uapi;

namespace LinuxVirtio.Tests;

/// <summary>One access of a decoded real Linux trace (Fixtures/linux-traces, format in its README).</summary>
public sealed record RealAccess(int Number, TraceKind Kind, int Offset, uint Value);

/// <summary>Reads the decoded QEMU traces and cuts them into the sections their "====" lines mark.</summary>
public static class RealLinuxTrace
{
    private static readonly Regex Access = new(@"^\s*(\d+)\s+[\d.]+\s+([RW])\s+0x([0-9a-f]+)\s+\S+\s+0x([0-9a-f]+)", RegexOptions.CultureInvariant);

    public static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "linux-traces", file);

    /// <summary>
    /// The accesses between the first "====" line containing <paramref name="from"/> and the next "====" line
    /// containing <paramref name="to"/> (or the next "====" line at all when <paramref name="to"/> is null).
    /// </summary>
    public static List<RealAccess> Section(string file, string from, string? to = null)
    {
        var result = new List<RealAccess>();
        bool inside = false;
        foreach (string line in File.ReadLines(FixturePath(file)))
        {
            if (line.StartsWith("====", StringComparison.Ordinal))
            {
                if (inside && (to == null || line.Contains(to, StringComparison.Ordinal)))
                {
                    return result;
                }

                inside |= line.Contains(from, StringComparison.Ordinal);
                continue;
            }

            var m = Access.Match(line);
            if (inside && m.Success)
            {
                result.Add(new RealAccess(
                    int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                    m.Groups[2].Value == "R" ? TraceKind.Read : TraceKind.Write,
                    int.Parse(m.Groups[3].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    uint.Parse(m.Groups[4].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }

        if (!inside)
        {
            throw new InvalidOperationException($"section '{from}' not found in {file}");
        }

        return result;
    }
}
