using StaticChecks;

namespace StaticChecks.Tests
{
    /// <summary>Compiles planted source snippets in memory, as firmware files.</summary>
    internal static class Snippets
    {
        public static FirmwareCompilation Compile(string source, string path = "firmware/VirtioMmio/Planted.cs")
        {
            return FirmwareCompilation.FromSources(new[] { new SourceFile(path, source) });
        }

        public static FirmwareCompilation Compile(params SourceFile[] sources)
        {
            return FirmwareCompilation.FromSources(sources);
        }

        public static string Describe(IEnumerable<Finding> findings)
        {
            return string.Join("\n", findings);
        }
    }
}
