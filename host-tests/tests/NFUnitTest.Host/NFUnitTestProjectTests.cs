using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace NFUnitTest.Host
{
    /// <summary>
    /// The .nfproj cannot be built here (Windows-only project system), so its consistency is checked as data: the
    /// launcher's hard rules, an explicit Compile item for every source file, and packages.config matching every HintPath
    /// (packages.config is not transitive).
    /// </summary>
    public sealed class NFUnitTestProjectTests
    {
        private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

        private static XDocument Project => XDocument.Load(Path.Combine(RepoPaths.TestProjectDirectory, "NFUnitTest.nfproj"));

        private static string Property(string name) =>
            Project.Descendants(Msbuild + name).Select(e => e.Value).SingleOrDefault() ?? "(missing)";

        [Fact]
        public void FollowsTheLauncherRules()
        {
            Assert.Equal("NFUnitTest", Property("AssemblyName"));
            Assert.Equal("Library", Property("OutputType"));
            Assert.Equal("true", Property("IsTestProject"));
            Assert.Equal("UnitTest", Property("TestProjectType"));
            Assert.Equal(@"$(MSBuildProjectDirectory)\nano.runsettings", Property("RunSettingsFilePath"));
            Assert.Contains(Project.Descendants(Msbuild + "ProjectCapability"), e => (string?)e.Attribute("Include") == "TestContainer");
            Assert.Contains("{11A8DD76-328B-46DF-9F39-F559912D0360}", Property("ProjectTypeGuids"), StringComparison.Ordinal);
        }

        [Fact]
        public void ListsExactlyTheSourceFilesOnDisk()
        {
            string[] listed = Project.Descendants(Msbuild + "Compile")
                .Select(e => ((string?)e.Attribute("Include") ?? string.Empty).Replace('\\', '/'))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToArray();
            string[] onDisk = Directory.EnumerateFiles(RepoPaths.TestProjectDirectory, "*.cs", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(RepoPaths.TestProjectDirectory, p).Replace('\\', '/'))
                .Where(p => !p.StartsWith("bin/", StringComparison.Ordinal) && !p.StartsWith("obj/", StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToArray();

            Assert.Equal(onDisk, listed);
        }

        [Fact]
        public void EveryReferenceComesFromAPackageInPackagesConfig()
        {
            Dictionary<string, string> packages = XDocument.Load(Path.Combine(RepoPaths.TestProjectDirectory, "packages.config"))
                .Descendants("package")
                .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);
            Assert.Equal("1.17.11", packages["nanoFramework.CoreLibrary"]);
            Assert.True(packages.ContainsKey("nanoFramework.TestFramework"), "nanoFramework.TestFramework missing from packages.config");

            var hintPath = new Regex(@"^\.\.\\\.\.\\packages\\(?<package>[A-Za-z.]+?)\.(?<version>\d+(\.\d+)+)\\lib\\[^\\]+$");
            var used = new HashSet<string>();
            foreach (XElement reference in Project.Descendants(Msbuild + "Reference"))
            {
                string hint = reference.Element(Msbuild + "HintPath")?.Value ?? string.Empty;
                Match match = hintPath.Match(hint);
                Assert.True(match.Success, "unexpected HintPath layout: '" + hint + "'");
                string id = match.Groups["package"].Value;
                Assert.True(packages.TryGetValue(id, out string? version), hint + ": package " + id + " is not in packages.config");
                Assert.Equal(version, match.Groups["version"].Value);
                used.Add(id);
            }

            Assert.Equal(packages.Keys.OrderBy(k => k, StringComparer.Ordinal), used.OrderBy(k => k, StringComparer.Ordinal));
        }

        [Fact]
        public void ProjectReferencesPointAtExistingProjects()
        {
            string[] references = Project.Descendants(Msbuild + "ProjectReference")
                .Select(e => ((string?)e.Attribute("Include") ?? string.Empty).Replace('\\', '/'))
                .ToArray();
            Assert.Contains("../VirtioMmio/VirtioMmio.nfproj", references);
            Assert.All(references, r => Assert.True(File.Exists(Path.Combine(RepoPaths.TestProjectDirectory, r)), r + " does not exist"));
        }

        /// <summary>Windows CI builds Firmware.sln: the test project must be in it, under the GUID the .nfproj declares.</summary>
        [Fact]
        public void FirmwareSolutionBuildsTheTestProject()
        {
            string solution = File.ReadAllText(Path.Combine(RepoPaths.Root, "Firmware.sln"));
            string guid = Property("ProjectGuid");
            Assert.Contains("\"firmware\\NFUnitTest\\NFUnitTest.nfproj\", \"" + guid + "\"", solution, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(guid + ".Release|Any CPU.Build.0", solution, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void RunSettingsSelectTheNanoFrameworkAdapter()
        {
            XDocument settings = XDocument.Load(Path.Combine(RepoPaths.TestProjectDirectory, "nano.runsettings"));
            // TargetFrameworkVersion is what makes vstest hand NFUnitTest.dll to the nanoFramework adapter.
            Assert.Equal("net48", settings.Root!.Element("RunConfiguration")?.Element("TargetFrameworkVersion")?.Value);
            Assert.NotNull(settings.Root.Element("nanoFrameworkAdapter")?.Element("IsRealHardware"));
        }
    }
}
