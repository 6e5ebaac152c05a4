using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NFUnitTest.Host.Adapter;
using Xunit;

namespace NFUnitTest.Host
{
    /// <summary>
    /// Runs every on-device test (firmware/NFUnitTest, compiled into this assembly) as its own xunit case, so a failure
    /// is reported under the on-device test's name: "Namespace.Class.Method".
    /// </summary>
    public sealed class OnDeviceTests
    {
        // The adapter's own types (and the shim) live in this namespace; everything else with [TestClass] is a firmware test.
        private const string AdapterNamespace = "NFUnitTest.Host";

        private static readonly IReadOnlyList<DeviceTestCase> Cases = DeviceTestDiscovery.Discover(typeof(OnDeviceTests).Assembly, AdapterNamespace);

        public static IEnumerable<object[]> CaseNames => Cases.Select(c => new object[] { new OnDeviceTestName(c.Name) });

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Passes(OnDeviceTestName onDeviceTest)
        {
            Check(Cases.Single(c => c.Name == onDeviceTest.Name));
        }

        /// <summary>Runs one case; anything but Passed (Failed, and Skipped too: the host run has no hardware excuse) fails.</summary>
        internal static void Check(DeviceTestCase testCase)
        {
            DeviceTestOutcome outcome = DeviceTestRunner.Run(testCase);
            Assert.True(
                outcome.Verdict == DeviceTestVerdict.Passed,
                testCase.Name + " " + outcome.Verdict + ": " + outcome.Message + (outcome.Output.Length > 0 ? "\noutput:\n" + outcome.Output : string.Empty));
        }

        [Fact]
        public void TestClassesFollowTheLauncherRules()
        {
            IReadOnlyList<string> problems = DeviceTestDiscovery.Problems(typeof(OnDeviceTests).Assembly, AdapterNamespace);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        /// <summary>No test may be lost between the sources and the host run (e.g. a class missing [TestClass]).</summary>
        [Fact]
        public void EveryTestMethodInTheSourcesIsDiscovered()
        {
            var attribute = new Regex(@"\[\s*TestMethod\b");
            int inSources = Directory.EnumerateFiles(RepoPaths.TestProjectDirectory, "*.cs", SearchOption.AllDirectories)
                .Where(path => !IsBuildOutput(path))
                .Sum(path => File.ReadLines(path).Count(line => !line.TrimStart().StartsWith("//", System.StringComparison.Ordinal) && attribute.IsMatch(line)));

            Assert.True(inSources > 0, "no [TestMethod] found under " + RepoPaths.TestProjectDirectory);
            Assert.Equal(inSources, DeviceTestDiscovery.CountTestMethods(typeof(OnDeviceTests).Assembly, AdapterNamespace));
        }

        private static bool IsBuildOutput(string path)
        {
            string relative = Path.GetRelativePath(RepoPaths.TestProjectDirectory, path).Replace('\\', '/');
            return relative.StartsWith("bin/", System.StringComparison.Ordinal) || relative.StartsWith("obj/", System.StringComparison.Ordinal);
        }
    }
}
