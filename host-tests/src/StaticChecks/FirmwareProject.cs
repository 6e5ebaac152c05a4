using System.Xml.Linq;

namespace StaticChecks
{
    /// <summary>
    /// One nanoFramework project: its folder (repo-relative, '/'-separated) and the packages its packages.config lists
    /// (id -> version). packages.config is not transitive, so a file may only use APIs of packages its own project lists.
    /// </summary>
    public sealed record FirmwareProject(string Directory, IReadOnlyDictionary<string, string> Packages)
    {
        /// <summary>Every folder under firmware/ holding a .nfproj, with its packages.config (empty if it has none).</summary>
        public static IReadOnlyList<FirmwareProject> Discover(string root)
        {
            string firmware = System.IO.Path.Combine(root, "firmware");
            if (!System.IO.Directory.Exists(firmware))
            {
                return Array.Empty<FirmwareProject>();
            }

            return System.IO.Directory.EnumerateFiles(firmware, "*.nfproj", SearchOption.AllDirectories)
                .Select(nfproj => System.IO.Path.GetDirectoryName(nfproj)!)
                .Distinct(StringComparer.Ordinal)
                .Select(dir => new FirmwareProject(
                    System.IO.Path.GetRelativePath(root, dir).Replace('\\', '/'),
                    ReadPackages(System.IO.Path.Combine(dir, "packages.config"))))
                .ToArray();
        }

        /// <summary>The project whose folder is the deepest one containing <paramref name="path"/>, or null.</summary>
        public static FirmwareProject? Owning(IReadOnlyList<FirmwareProject> projects, string path)
        {
            return projects
                .Where(p => path.StartsWith(p.Directory + "/", StringComparison.Ordinal))
                .OrderByDescending(p => p.Directory.Length)
                .FirstOrDefault();
        }

        private static IReadOnlyDictionary<string, string> ReadPackages(string packagesConfig)
        {
            if (!File.Exists(packagesConfig))
            {
                return new Dictionary<string, string>();
            }

            return XDocument.Load(packagesConfig).Descendants("package")
                .Where(p => p.Attribute("id") != null)
                .GroupBy(p => (string)p.Attribute("id")!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (string?)g.First().Attribute("version") ?? string.Empty, StringComparer.Ordinal);
        }
    }
}
