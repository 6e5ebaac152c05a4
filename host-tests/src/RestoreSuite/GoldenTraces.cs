using LinuxVirtio.Tracing;

namespace RestoreSuite;

/// <summary>
/// The checked-in golden traces (Golden/&lt;scenario&gt;.trace, embedded): each scenario's exact register trace
/// against the in-process device core with default kernel options, time column omitted.
/// </summary>
public static class GoldenTraces
{
    /// <summary>The golden text of a scenario, or null if none is checked in.</summary>
    public static string? Load(string scenario)
    {
        using var stream = typeof(GoldenTraces).Assembly.GetManifestResourceStream($"Golden/{scenario}.trace");
        if (stream == null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    /// <summary>The text a golden file holds for this trace.</summary>
    public static string Render(IEnumerable<TraceEntry> trace) => TraceFormat.ToText(trace, withTime: false);

    /// <summary>Null if equal, else the first differing line with both versions.</summary>
    public static string? Diff(string golden, string actual)
    {
        var g = golden.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(g.Length, a.Length); i++)
        {
            string gl = i < g.Length ? g[i] : "<end of golden>";
            string al = i < a.Length ? a[i] : "<end of trace>";
            if (gl != al)
            {
                return $"line {i + 1} differs:\n  golden: {gl}\n  actual: {al}";
            }
        }

        return null;
    }
}
