using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Boards.Tests;

/// <summary>
/// The nanoFramework projects cannot be built here (Windows-only MSBuild targets), so their consistency is checked
/// as data: well-formed XML, every source compiled, packages.config and HintPaths in step (packages.config is not
/// transitive), the versions the issue pins, Firmware.sln in step with the project GUIDs, and the CI workflow.
/// </summary>
public sealed partial class FirmwareProjectTests
{
    private static readonly XNamespace Msb = "http://schemas.microsoft.com/developer/msbuild/2003";

    private static string Firmware(params string[] parts) => Path.Combine([RepositoryPaths.Root, "firmware", .. parts]);

    public static TheoryData<string> Projects() => new("VirtioMmio", "VirtioFirmware");

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_reference_has_a_packages_config_entry_and_the_same_version_and_vice_versa(string project)
    {
        XDocument nfproj = XDocument.Load(Firmware(project, project + ".nfproj"));
        XDocument config = XDocument.Load(Firmware(project, "packages.config"));

        var packages = config.Root!.Elements("package")
            .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);
        Assert.All(config.Root.Elements("package"), p => Assert.Equal("netnano1.0", (string?)p.Attribute("targetFramework")));

        var referenced = new Dictionary<string, string>();
        foreach (XElement hint in nfproj.Descendants(Msb + "HintPath"))
        {
            Match m = HintPathPattern().Match(hint.Value);
            Assert.True(m.Success, "unexpected HintPath " + hint.Value);
            string id = m.Groups["id"].Value;
            string version = m.Groups["version"].Value;
            Assert.True(packages.TryGetValue(id, out string? configured), $"{project}: {id} is referenced but not in packages.config");
            Assert.Equal(configured, version);
            referenced[id] = version;
        }

        Assert.Equal(packages.Keys.Order(), referenced.Keys.Order());
    }

    [Fact]
    public void The_app_lists_every_dependency_at_the_pinned_versions()
    {
        XDocument config = XDocument.Load(Firmware("VirtioFirmware", "packages.config"));
        var packages = config.Root!.Elements("package").ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);

        Assert.Equal("1.17.11", packages["nanoFramework.CoreLibrary"]);
        Assert.Equal("1.6.40", packages["nanoFramework.Hardware.Esp32"]);
        Assert.Equal("1.1.139", packages["nanoFramework.System.IO.Ports"]);
        Assert.Equal("1.1.62", packages["nanoFramework.System.Device.Gpio"]);
        Assert.Equal("1.1.23", packages["nanoFramework.System.Device.Pwm"]);
        Assert.Contains("nanoFramework.Runtime.Events", packages.Keys); // Hardware.Esp32, Gpio, Ports depend on it
        Assert.Contains("nanoFramework.System.IO.Streams", packages.Keys); // System.IO.Ports depends on it
        Assert.Contains("nanoFramework.System.Text", packages.Keys); // System.IO.Ports depends on it
        Assert.Contains("nanoFramework.Runtime.Native", packages.Keys); // Power.RebootDevice, Environment.TickCount64
    }

    [Fact]
    public void The_library_compiles_every_source_file_the_host_build_compiles()
    {
        XDocument nfproj = XDocument.Load(Firmware("VirtioMmio", "VirtioMmio.nfproj"));
        XElement compile = Assert.Single(nfproj.Descendants(Msb + "Compile"));
        Assert.Equal(@"**\*.cs", (string?)compile.Attribute("Include"));
        Assert.Equal(@"bin\**;obj\**", (string?)compile.Attribute("Exclude"));
        Assert.True(File.Exists(Firmware("VirtioMmio", "Properties", "AssemblyInfo.cs")));
    }

    [Fact]
    public void The_app_compiles_every_source_file_in_its_folder()
    {
        XDocument nfproj = XDocument.Load(Firmware("VirtioFirmware", "VirtioFirmware.nfproj"));
        string[] includes = nfproj.Descendants(Msb + "Compile").Select(c => ((string)c.Attribute("Include")!).Replace('\\', '/')).ToArray();
        string root = Firmware("VirtioFirmware");
        string[] sources = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .ToArray();

        Assert.NotEmpty(sources);
        foreach (string source in sources)
        {
            bool listed = includes.Contains(source) || (source.StartsWith("Boards/", StringComparison.Ordinal) && source.EndsWith(".g.cs", StringComparison.Ordinal) && includes.Contains("Boards/*.g.cs"));
            Assert.True(listed, source + " is not compiled by VirtioFirmware.nfproj");
        }

        Assert.All(includes.Where(i => !i.Contains('*')), i => Assert.True(File.Exists(Path.Combine(root, i)), i + " is listed but missing"));
    }

    [Fact]
    public void The_app_is_an_exe_referencing_the_library_and_defines_the_board_constant()
    {
        XDocument nfproj = XDocument.Load(Firmware("VirtioFirmware", "VirtioFirmware.nfproj"));
        Assert.Equal("Exe", nfproj.Descendants(Msb + "OutputType").Single().Value);
        Assert.Equal(@"..\VirtioMmio\VirtioMmio.nfproj", (string?)nfproj.Descendants(Msb + "ProjectReference").Single().Attribute("Include"));
        Assert.Contains(nfproj.Descendants(Msb + "DefineConstants"), d => d.Value.Contains("BOARD_$(Board.ToUpperInvariant().Replace('-', '_'))", StringComparison.Ordinal));
        Assert.Equal(BoardCodeGenerator.DefaultBoard, nfproj.Descendants(Msb + "Board").Single().Value);
    }

    [Fact]
    public void The_solution_opens_the_three_firmware_projects_with_their_own_guids()
    {
        string sln = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Firmware.sln"));
        MatchCollection projects = SolutionProjectPattern().Matches(sln);
        var byPath = projects.ToDictionary(m => m.Groups["path"].Value.Replace('\\', '/'), m => m.Groups["guid"].Value);

        Assert.Equal(
            ["firmware/NFUnitTest/NFUnitTest.nfproj", "firmware/VirtioFirmware/VirtioFirmware.nfproj", "firmware/VirtioMmio/VirtioMmio.nfproj"],
            byPath.Keys.Order(StringComparer.Ordinal));
        Assert.All(projects, m => Assert.Equal("11A8DD76-328B-46DF-9F39-F559912D0360", m.Groups["type"].Value));
        foreach ((string path, string guid) in byPath)
        {
            string file = Path.Combine(RepositoryPaths.Root, path);
            Assert.True(File.Exists(file), path + " is in Firmware.sln but missing");
            string projectGuid = XDocument.Load(file).Descendants(Msb + "ProjectGuid").Single().Value.Trim('{', '}');
            Assert.Equal(projectGuid, guid, ignoreCase: true);
            Assert.Contains($"{{{guid}}}.Release|Any CPU.Build.0 = Release|Any CPU", sln);
        }

        Assert.Contains($"{{{byPath["firmware/VirtioFirmware/VirtioFirmware.nfproj"]}}}.Release|Any CPU.Deploy.0", sln);
    }

    [Fact]
    public void The_windows_workflow_builds_tests_and_uploads_the_images()
    {
        string workflow = File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".github", "workflows", "firmware.yml"));
        string[] steps =
        [
            "runs-on: windows-latest",
            "uses: nanoframework/nanobuild@v1",
            "dotnet tool update -g nanoclr",
            "uses: microsoft/setup-msbuild@v2",
            "msbuild-architecture: x64",
            "uses: nuget/setup-nuget@v2",
            "nuget restore Firmware.sln",
            "msbuild Firmware.sln /p:Configuration=Release",
            "vstest.console.exe",
            @"firmware\NFUnitTest\bin\Release\NFUnitTest.dll",
            @"/Settings:""firmware\NFUnitTest\nano.runsettings""",
            "uses: actions/upload-artifact@v4",
            "artifacts/**/*.bin",
            "artifacts/**/*.pe",
        ];
        int at = 0;
        foreach (string step in steps)
        {
            int found = workflow.IndexOf(step, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"firmware.yml lacks (in order): {step}");
            at = found;
        }

        Assert.True(File.Exists(Firmware("NFUnitTest", "nano.runsettings")));
    }

    [GeneratedRegex(@"^\.\.\\\.\.\\packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\[^\\]+\.(dll|exe)$")]
    private static partial Regex HintPathPattern();

    [GeneratedRegex(@"Project\(""\{(?<type>[0-9A-F-]+)\}""\) = ""[^""]+"", ""(?<path>[^""]+)"", ""\{(?<guid>[0-9A-F-]+)\}""")]
    private static partial Regex SolutionProjectPattern();
}
