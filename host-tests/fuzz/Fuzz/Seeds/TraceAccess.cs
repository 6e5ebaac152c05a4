using System.Globalization;
using System.Text.RegularExpressions;
using LinuxVirtio.Tracing;
using RestoreSuite;

namespace Fuzz.Seeds;

/// <summary>One register access of a decoded Linux trace (Corpus/linux-traces).</summary>
public sealed record TraceAccess(bool IsWrite, int Offset, uint Value)
{
    private static readonly Regex Line = new(@"^\s*\d+\s+-?[\d.]+\s+([RW])\s+0x([0-9a-f]{3})\s+\S+\s+0x([0-9a-f]{8})", RegexOptions.Compiled);

    public static IReadOnlyList<TraceAccess> Parse(IEnumerable<string> lines)
    {
        var accesses = new List<TraceAccess>();
        foreach (string text in lines)
        {
            Match m = Line.Match(text);
            if (m.Success)
            {
                accesses.Add(new TraceAccess(m.Groups[1].Value == "W", int.Parse(m.Groups[2].Value, NumberStyles.HexNumber),
                    uint.Parse(m.Groups[3].Value, NumberStyles.HexNumber)));
            }
        }

        return accesses;
    }

    /// <summary>
    /// The golden traces of the scenario suite (RestoreSuite/Golden, embedded in RestoreSuite.dll): the driver
    /// model's exact register accesses per scenario, with the device kind the scenario runs on.
    /// </summary>
    public static IReadOnlyList<(string Name, string Kind, IReadOnlyList<TraceAccess> Accesses)> LoadGolden()
    {
        var golden = new List<(string, string, IReadOnlyList<TraceAccess>)>();
        foreach (IScenario scenario in Scenarios.All)
        {
            string? text = GoldenTraces.Load(scenario.Name);
            if (text == null)
            {
                continue;
            }

            var accesses = TraceFormat.Parse(new StringReader(text))
                .Where(e => e.Kind is TraceKind.Read or TraceKind.Write)
                .Select(e => new TraceAccess(e.Kind == TraceKind.Write, e.Offset, e.Value))
                .ToList();
            golden.Add((scenario.Name, scenario.DeviceKind, accesses));
        }

        return golden;
    }

    /// <summary>The copied traces, by file name (modern ones first).</summary>
    public static IReadOnlyList<(string Name, bool Legacy, IReadOnlyList<TraceAccess> Accesses)> LoadAll()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Corpus", "linux-traces");
        return Directory.GetFiles(dir, "*.decoded.txt")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), Path.GetFileName(f).Contains("legacy"), Parse(File.ReadLines(f))))
            .Where(t => t.Item3.Count > 0)
            .ToList();
    }
}
