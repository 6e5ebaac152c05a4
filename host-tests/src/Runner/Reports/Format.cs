using System.Globalization;
using System.Text;
using System.Xml;

namespace Runner;

/// <summary>Number formatting shared by the writers: invariant culture, so reports read the same everywhere.</summary>
internal static class Format
{
    public static string Milliseconds(TimeSpan t) => t.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture);

    public static string Hex32(uint v) => "0x" + v.ToString("x8", CultureInfo.InvariantCulture);

    public static string Hex(uint v, int width) => "0x" + v.ToString(width switch { 1 => "x2", 2 => "x4", _ => "x8" }, CultureInfo.InvariantCulture);

    public static string Hex3(int offset) => "0x" + offset.ToString("x3", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot carry most control characters, even escaped: replace them rather than fail a report.</summary>
    public static string XmlSafe(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD');
        }

        return sb.ToString();
    }
}
