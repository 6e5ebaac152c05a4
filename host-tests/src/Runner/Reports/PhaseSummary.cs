using RestoreSuite;

namespace Runner.Reports;

/// <summary>Time spent in one detailed phase, summed over every time it ran (soak cycles).</summary>
public sealed record PhaseTotal(string Phase, TimeSpan Total, int Count);

public static class PhaseSummary
{
    /// <summary>Sums phase timings by name, in order of first appearance, so a soak of N cycles stays one row per phase.</summary>
    public static IReadOnlyList<PhaseTotal> Of(IReadOnlyList<PhaseTiming> phases)
    {
        var order = new List<string>();
        var totals = new Dictionary<string, (TimeSpan Total, int Count)>(StringComparer.Ordinal);
        foreach (PhaseTiming p in phases)
        {
            if (!totals.TryGetValue(p.Phase, out var t))
            {
                order.Add(p.Phase);
                t = (TimeSpan.Zero, 0);
            }

            totals[p.Phase] = (t.Total + p.Duration, t.Count + 1);
        }

        return order.Select(name => new PhaseTotal(name, totals[name].Total, totals[name].Count)).ToArray();
    }

    public static string Describe(PhaseTotal p) =>
        $"{Format.Milliseconds(p.Total)} ms" + (p.Count > 1 ? $" ({p.Count}x)" : string.Empty);
}
