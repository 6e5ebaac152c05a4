using StaticChecks;
using StaticChecks.Noirq;
using StaticChecks.Subset;

namespace StaticChecks.Tests
{
    /// <summary>
    /// Both checks over the real firmware/ tree. A failure lists every finding as path:line:column: [rule] message.
    /// </summary>
    public sealed class RealTreeTests
    {
        private static readonly Lazy<FirmwareCompilation> Firmware = new(() =>
            FirmwareCompilation.FromRepository(RepositoryLayout.FindRoot(AppContext.BaseDirectory)));

        [Fact]
        public void FirmwareStaysInsideTheNanoFrameworkSubset()
        {
            IReadOnlyList<Finding> findings = SubsetCheck.Run(Firmware.Value, ApiAllowlist.NanoFramework);
            Assert.True(findings.Count == 0, findings.Count + " nanoFramework subset finding(s):\n" + Snippets.Describe(findings));
        }

        [Fact]
        public void NoirqPathsNeitherAllocateNorBlockNorLoopWithoutBound()
        {
            IReadOnlyList<Finding> findings = NoirqCheck.Run(Firmware.Value, NoirqPolicy.Default);
            Assert.True(findings.Count == 0, findings.Count + " noirq finding(s):\n" + Snippets.Describe(findings));
        }

        /// <summary>The checks must not pass vacuously: the tree has sources, and the noirq path has roots.</summary>
        [Fact]
        public void TheChecksSeeTheFirmware()
        {
            string[] paths = Firmware.Value.Paths.Values.ToArray();
            Assert.Contains(paths, p => p.StartsWith("firmware/VirtioMmio/Transport/", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.StartsWith("firmware/NFUnitTest/", StringComparison.Ordinal));
            Assert.DoesNotContain(paths, p => p.Contains("/obj/", StringComparison.Ordinal) || p.Contains("/bin/", StringComparison.Ordinal));

            IReadOnlyList<string> roots = NoirqCheck.RootNames(Firmware.Value, NoirqPolicy.Default);
            Assert.Contains("VirtioRequest.AddSegment", roots);
            Assert.Contains("MemoryWindow.DeviceReadU32", roots);
            Assert.Contains("MmioTransport.Write", roots);
            Assert.Contains("MmioTransport.Read", roots);
            Assert.Contains("ClockDevice.HandleRequest", roots);
            Assert.Contains("RegulatorDevice.HandleRequest", roots);
            Assert.Contains(roots, r => r.StartsWith("BridgeServer.", StringComparison.Ordinal));
            Assert.Contains(roots, r => r.StartsWith("SplitQueue.", StringComparison.Ordinal));
            Assert.DoesNotContain(roots, r => r.EndsWith(".ctor", StringComparison.Ordinal));
        }
    }
}
