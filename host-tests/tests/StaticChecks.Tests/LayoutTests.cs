using Microsoft.CodeAnalysis.CSharp;
using StaticChecks;

namespace StaticChecks.Tests
{
    /// <summary>Which files the checks read, and which language version they parse them with.</summary>
    public sealed class LayoutTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "staticchecks-" + Guid.NewGuid().ToString("N"));

        public LayoutTests()
        {
            Directory.CreateDirectory(Path.Combine(_root, ".git"));
            Directory.CreateDirectory(Path.Combine(_root, "host-tests"));
            Write("firmware/Lib/Code.cs", "namespace L { }");
            Write("firmware/Lib/Properties/AssemblyInfo.cs", "[assembly: System.Reflection.AssemblyTitle(\"L\")]");
            Write("firmware/Lib/obj/Debug/Generated.cs", "class Generated { }");
            Write("firmware/Lib/bin/Release/Copied.cs", "class Copied { }");
            Write("firmware/App/Program.cs", "namespace A { }");
        }

        public void Dispose()
        {
            Directory.Delete(_root, recursive: true);
        }

        [Fact]
        public void ReadsFirmwareSourcesButNotBuildOutputOrAssemblyInfo()
        {
            string[] paths = RepositoryLayout.FirmwareSources(_root).Select(s => s.Path).ToArray();
            Assert.Equal(new[] { "firmware/App/Program.cs", "firmware/Lib/Code.cs" }, paths);
        }

        [Fact]
        public void FindsTheRootFromBelow()
        {
            Assert.Equal(_root, RepositoryLayout.FindRoot(Path.Combine(_root, "firmware", "Lib")));
        }

        [Fact]
        public void ParsesAsCSharp9UnlessAProjectAsksForMore()
        {
            Assert.Equal(LanguageVersion.CSharp9, FirmwareCompilation.LanguageVersionOf(_root));

            Write("firmware/Lib/Lib.nfproj", "<Project><PropertyGroup><LangVersion>10.0</LangVersion></PropertyGroup></Project>");
            Assert.Equal(LanguageVersion.CSharp10, FirmwareCompilation.LanguageVersionOf(_root));
        }

        [Fact]
        public void ProjectsCarryTheirPackagesConfig()
        {
            Write("firmware/Lib/Lib.nfproj", "<Project />");
            Write("firmware/Lib/packages.config", "<packages><package id=\"nanoFramework.CoreLibrary\" version=\"1.17.11\" /></packages>");
            FirmwareProject project = Assert.Single(FirmwareProject.Discover(_root));
            Assert.Equal("firmware/Lib", project.Directory);
            Assert.Equal("1.17.11", project.Packages["nanoFramework.CoreLibrary"]);
            Assert.Same(project, FirmwareProject.Owning(new[] { project }, "firmware/Lib/Deep/File.cs"));
            Assert.Null(FirmwareProject.Owning(new[] { project }, "firmware/LibOther/File.cs"));
        }

        private void Write(string relative, string text)
        {
            string path = Path.Combine(_root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }
}
