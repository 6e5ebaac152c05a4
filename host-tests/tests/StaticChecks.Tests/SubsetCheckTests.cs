using StaticChecks;
using StaticChecks.Subset;

namespace StaticChecks.Tests
{
    /// <summary>Each subset rule catches a planted violation, at the right line; clean nanoFramework code passes.</summary>
    public sealed class SubsetCheckTests
    {
        private static IReadOnlyList<Finding> Check(string body, string usings = "")
        {
            string source = usings + "\nnamespace VirtioMmio.Planted\n{\n    public class Sample\n    {\n" + body + "\n    }\n}\n";
            return SubsetCheck.Run(Snippets.Compile(source), ApiAllowlist.NanoFramework);
        }

        // Line of the first line of 'body' in the generated file (after: usings, namespace, {, class, {).
        private const int BodyLine = 6;

        [Fact]
        public void CleanNanoFrameworkCodePasses()
        {
            IReadOnlyList<Finding> findings = Check(@"
        private readonly byte[] _buffer = new byte[16];
        public int Sum(int count)
        {
            int total = 0;
            for (int i = 0; i < count && i < _buffer.Length; i++) { total += _buffer[i]; }
            System.Array.Clear(_buffer, 0, _buffer.Length);
            if (count < 0) { throw new System.ArgumentOutOfRangeException(); }
            string? name = null;
            return name == null ? total : name.Length;
        }");
            Assert.True(findings.Count == 0, Snippets.Describe(findings));
        }

        [Theory]
        [InlineData("public System.Collections.Generic.List<int> Items = new System.Collections.Generic.List<int>();", "generic")]
        [InlineData("public T Echo<T>(T value) { return value; }", "generic")]
        [InlineData("public void Run() { System.Func<int> f = () => 1; }", "generic")]
        [InlineData("public int Run() { var s = System.MemoryExtensions.AsSpan(\"ab\"); return 0; }", "generic")]
        [InlineData("public System.Span<byte> Window() { return default; }", "generic")]
        [InlineData("public int? Maybe;", "nullable-value")]
        [InlineData("public (int, int) Pair() { return (1, 2); }", "tuple")]
        [InlineData("public async void Run() { await System.Threading.Tasks.Task.Delay(1); }", "async")]
        [InlineData("public System.Threading.Tasks.Task Run() { return null!; }", "async")]
        [InlineData("public void Run() { dynamic d = 1; }", "dynamic")]
        [InlineData("public System.Collections.IEnumerable Items() { yield return 1; }", "iterator")]
        [InlineData("public int[,] Grid = new int[2, 2];", "multidim-array")]
        [InlineData("public int Last(int[] a) { return a[^1]; }", "index-range")]
        [InlineData("public void Run() { System.Console.Beep(); }", "api")]
        [InlineData("public string Hex(uint v) { return System.BitConverter.ToString(System.BitConverter.GetBytes(v)); }", "api")]
        [InlineData("public void Run() { NotDeclaredAnywhere(); }", "compile")]
        public void CatchesAPlantedViolation(string member, string rule)
        {
            IReadOnlyList<Finding> findings = Check(member);
            Assert.True(
                findings.Any(f => f.Rule == rule && f.Path == "firmware/VirtioMmio/Planted.cs" && f.Line == BodyLine),
                "expected [" + rule + "] at line " + BodyLine + ", got:\n" + Snippets.Describe(findings));
        }

        [Fact]
        public void CatchesRecordsAndLinq()
        {
            IReadOnlyList<Finding> findings = SubsetCheck.Run(
                Snippets.Compile("using System.Linq;\nnamespace X\n{\n    public record Point(int X);\n    public class Q { public int F(int[] a) { return (from v in a select v).Count(); } }\n}\n"),
                ApiAllowlist.NanoFramework);
            Assert.Contains(findings, f => f.Rule == "linq" && f.Line == 1);
            Assert.Contains(findings, f => f.Rule == "record" && f.Line == 4);
            Assert.Contains(findings, f => f.Rule == "linq" && f.Line == 5);
        }

        [Fact]
        public void AFindingNamesTheSymbolAndItsAssembly()
        {
            Finding finding = Check("public void Run() { System.Console.Beep(); }").Single(f => f.Rule == "api");
            Assert.Equal("firmware/VirtioMmio/Planted.cs:6:36: [api] System.Console.Beep is not on the nanoFramework API allowlist (System.Console)", finding.ToString());
        }

        [Fact]
        public void CSharp10FeaturesAreRefusedUnderTheNanoFrameworkDefaultLanguageVersion()
        {
            IReadOnlyList<Finding> findings = SubsetCheck.Run(Snippets.Compile("namespace X;\npublic class Y { }\n"), ApiAllowlist.NanoFramework);
            Assert.Contains(findings, f => f.Rule == "compile" && f.Line == 1 && f.Message.StartsWith("CS8773", StringComparison.Ordinal));
        }

        [Fact]
        public void NanoFrameworkOnlyApisBindThroughTheStubs()
        {
            IReadOnlyList<Finding> findings = SubsetCheck.Run(
                Snippets.Compile("using nanoFramework.TestFramework;\nnamespace T\n{\n    [TestClass]\n    public class A\n    {\n        [TestMethod]\n        public void M() { Assert.AreEqual(1, 1); CollectionAssert.AreEqual(new byte[1], new byte[1]); }\n    }\n}\n"),
                ApiAllowlist.NanoFramework);
            Assert.True(findings.Count == 0, Snippets.Describe(findings));
        }

        [Fact]
        public void APackageMissingFromTheProjectsPackagesConfigIsReported()
        {
            const string Source = "namespace App\n{\n    public static class Clock\n    {\n        public static void Run()\n        {\n            var c = new nanoFramework.TestFramework.TestClassAttribute();\n            System.Array.Clear(new byte[1], 0, 1);\n        }\n    }\n}\n";
            var coreOnly = new Dictionary<string, string> { ["nanoFramework.CoreLibrary"] = "1.17.11" };
            var oldCore = new Dictionary<string, string> { ["nanoFramework.CoreLibrary"] = "1.16.0", ["nanoFramework.TestFramework"] = "3.0.80" };
            FirmwareCompilation missing = FirmwareCompilation.FromSources(
                new[] { new SourceFile("firmware/App/Clock.cs", Source), new SourceFile("firmware/Loose/Other.cs", "namespace L { public class O { public int F() { return 1; } } }") },
                Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9,
                new[] { new FirmwareProject("firmware/App", coreOnly), new FirmwareProject("firmware/Lib", coreOnly) });

            IReadOnlyList<Finding> findings = SubsetCheck.Run(missing, ApiAllowlist.NanoFramework);
            Assert.Contains(findings, f => f.ToString() == "firmware/App/Clock.cs:7:13: [package] nanoFramework.TestFramework.TestClassAttribute comes from nanoFramework.TestFramework 3.0.80, which firmware/App/packages.config does not list");
            Assert.DoesNotContain(findings, f => f.Line == 8);
            Assert.Contains(findings, f => f.Path == "firmware/Loose/Other.cs" && f.Rule == "package" && f.Line == 1);

            FirmwareCompilation stale = FirmwareCompilation.FromSources(
                new[] { new SourceFile("firmware/App/Clock.cs", Source) },
                Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9,
                new[] { new FirmwareProject("firmware/App", oldCore) });
            Assert.Contains(SubsetCheck.Run(stale, ApiAllowlist.NanoFramework), f => f.Line == 8 && f.Message.EndsWith("firmware/App/packages.config has nanoFramework.CoreLibrary 1.16.0, the allowlist was checked against 1.17.11", StringComparison.Ordinal));
        }

        [Fact]
        public void EveryAllowlistEntryNamesItsSource()
        {
            ApiAllowlist allowlist = ApiAllowlist.NanoFramework;
            Assert.True(allowlist.Count > 50);
            Assert.All(allowlist.Entries, entry => Assert.False(string.IsNullOrWhiteSpace(allowlist.SourceOf(entry))));
            Assert.Throws<FormatException>(() => ApiAllowlist.Parse("System.Object\n", "x.txt"));
            Assert.Throws<FormatException>(() => ApiAllowlist.Parse("[src]\nSystem.Object\nSystem.Object\n", "x.txt"));
        }
    }
}
