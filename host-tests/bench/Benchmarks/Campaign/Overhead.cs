using System.Globalization;

namespace Benchmarks.Campaign;

/// <summary>Time overhead against the fault-free run, as a signed whole percentage ("+12%", "-3%", "0%").</summary>
public static class Overhead
{
    public static string Percent(double percent)
    {
        // Round first: a custom "+0;-0" format prints a small negative value as "-+0".
        long rounded = (long)Math.Round(percent, MidpointRounding.AwayFromZero);
        return (rounded > 0 ? "+" : "") + rounded.ToString(CultureInfo.InvariantCulture) + "%";
    }
}
