using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NFUnitTest.Host.Adapter;
using Xunit;

namespace NFUnitTest.Host
{
    /// <summary>
    /// The adapter itself must not be able to pass a broken on-device test. Planted test classes are compiled in memory
    /// into a separate assembly (so they never join the real run) and fed through the same discovery and runner.
    /// </summary>
    public sealed class AdapterSelfTests
    {
        private const string Planted = @"
using nanoFramework.TestFramework;

namespace Planted
{
    [TestClass]
    public class Mixed
    {
        [TestMethod]
        public void Passes() { Assert.AreEqual(4, 2 + 2); }

        [TestMethod]
        public void FailsAnAssert() { Assert.AreEqual(5u, 2u + 2u); }

        [TestMethod]
        public void Throws() { throw new System.InvalidOperationException(""boom""); }

        [TestMethod]
        public void Skips() { Assert.SkipTest(""needs hardware""); }

        [DataRow(1, 2, 3)]
        [DataRow(2, 2, 5)]
        public void Adds(int a, int b, int sum) { Assert.AreEqual(sum, a + b); }

        public void NotATest() { Assert.IsTrue(false); }
    }

    [TestClass]
    public class SetupFails
    {
        [Setup]
        public void Init() { Assert.IsTrue(1 == 2); }

        [TestMethod]
        public void NeverReached() { }
    }

    [TestClass]
    public class CleanupFails
    {
        [TestMethod]
        public void Body() { }

        [Cleanup]
        public void Done() { Assert.IsFalse(true); }
    }

    public class NoAttribute
    {
        [TestMethod]
        public void Ignored() { Assert.IsTrue(false); }
    }
}
";

        private const string BrokenRules = @"
using nanoFramework.TestFramework;

namespace Planted
{
    [TestClass]
    public class Stateful
    {
        private int _counter;

        [TestMethod]
        public void UsesThis() { _counter++; }

        [TestMethod]
        internal void Hidden() { }

        [TestMethod]
        public int ReturnsValue() { return 0; }

        [DataRow(1)]
        public void WrongArity(int a, int b) { }
    }
}
";

        [Fact]
        public void DiscoversTestMethodsAndDataRowsOfTestClassesOnly()
        {
            Assembly assembly = Compile(Planted);
            string[] names = DeviceTestDiscovery.Discover(assembly).Select(c => c.Name).ToArray();
            Assert.Equal(
                new[]
                {
                    "Planted.CleanupFails.Body",
                    "Planted.Mixed.Adds[row 0]",
                    "Planted.Mixed.Adds[row 1]",
                    "Planted.Mixed.FailsAnAssert",
                    "Planted.Mixed.Passes",
                    "Planted.Mixed.Skips",
                    "Planted.Mixed.Throws",
                    "Planted.SetupFails.NeverReached",
                },
                names);
        }

        [Theory]
        [InlineData("Planted.Mixed.Passes", DeviceTestVerdict.Passed, "")]
        [InlineData("Planted.Mixed.Adds[row 0]", DeviceTestVerdict.Passed, "")]
        [InlineData("Planted.Mixed.FailsAnAssert", DeviceTestVerdict.Failed, "Assert.AreEqual failed. Expected:<5>. Actual:<4>.")]
        [InlineData("Planted.Mixed.Adds[row 1]", DeviceTestVerdict.Failed, "Assert.AreEqual failed. Expected:<5>. Actual:<4>.")]
        [InlineData("Planted.Mixed.Throws", DeviceTestVerdict.Failed, "InvalidOperationException: boom")]
        [InlineData("Planted.Mixed.Skips", DeviceTestVerdict.Skipped, "needs hardware")]
        [InlineData("Planted.SetupFails.NeverReached", DeviceTestVerdict.Failed, "[Setup] Init: Assert.IsTrue failed. 1 == 2")]
        [InlineData("Planted.CleanupFails.Body", DeviceTestVerdict.Failed, "[Cleanup] Done: Assert.IsFalse failed. true")]
        public void RunsEachCaseToTheRightVerdict(string name, DeviceTestVerdict verdict, string messageStart)
        {
            DeviceTestCase testCase = DeviceTestDiscovery.Discover(Compile(Planted)).Single(c => c.Name == name);
            DeviceTestOutcome outcome = DeviceTestRunner.Run(testCase);
            Assert.Equal(verdict, outcome.Verdict);
            Assert.StartsWith(messageStart, outcome.Message, StringComparison.Ordinal);
        }

        /// <summary>The xunit wrapper (OnDeviceTests.Passes) turns anything but Passed into a failure naming the test.</summary>
        [Fact]
        public void OnlyPassedCountsAsAPass()
        {
            DeviceTestCase failing = DeviceTestDiscovery.Discover(Compile(Planted)).Single(c => c.Name == "Planted.Mixed.FailsAnAssert");
            var ex = Assert.ThrowsAny<Exception>(() => OnDeviceTests.Check(failing));
            Assert.Contains("Planted.Mixed.FailsAnAssert Failed: Assert.AreEqual failed.", ex.Message, StringComparison.Ordinal);

            DeviceTestCase skipped = DeviceTestDiscovery.Discover(Compile(Planted)).Single(c => c.Name == "Planted.Mixed.Skips");
            Assert.ThrowsAny<Exception>(() => OnDeviceTests.Check(skipped));
        }

        [Fact]
        public void ReportsEveryLauncherRuleViolation()
        {
            IReadOnlyList<string> problems = DeviceTestDiscovery.Problems(Compile(BrokenRules));
            Assert.Contains(problems, p => p.StartsWith("Planted.Stateful: instance field '_counter'", StringComparison.Ordinal));
            Assert.Contains(problems, p => p == "Planted.Stateful.Hidden: must be public (the launcher only sees public methods)");
            Assert.Contains(problems, p => p == "Planted.Stateful.ReturnsValue: must return void");
            Assert.Contains(problems, p => p.StartsWith("Planted.Stateful.WrongArity: a [DataRow] supplies 1 values for 2 parameters", StringComparison.Ordinal));
            Assert.Equal(4, problems.Count);
        }

        [Fact]
        public void WellFormedTestClassesHaveNoProblems()
        {
            Assert.Empty(DeviceTestDiscovery.Problems(Compile(Planted)));
        }

        private static readonly Dictionary<string, Assembly> Compiled = new();

        private static Assembly Compile(string source)
        {
            lock (Compiled)
            {
                if (Compiled.TryGetValue(source, out Assembly? cached))
                {
                    return cached;
                }

                var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                    .Split(Path.PathSeparator)
                    .Select(path => MetadataReference.CreateFromFile(path))
                    .Append(MetadataReference.CreateFromFile(typeof(nanoFramework.TestFramework.Assert).Assembly.Location));
                CSharpCompilation compilation = CSharpCompilation.Create(
                    "Planted" + Compiled.Count,
                    new[] { CSharpSyntaxTree.ParseText(source) },
                    references,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                using var image = new MemoryStream();
                Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
                Assert.True(result.Success, string.Join("\n", result.Diagnostics));
                Assembly assembly = Assembly.Load(image.ToArray());
                Compiled.Add(source, assembly);
                return assembly;
            }
        }
    }
}
