using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>
/// FsCheck: random register and ring sequences (valid bring-ups and requests mixed with garbage) keep the invariants:
/// Status is always a state of the machine, the line equals (InterruptStatus != 0) and the sink only hears changes,
/// the device never even attempts an access outside the memory window, and every access does bounded work.
/// </summary>
public class PropertyTests
{
    private static void RunScript(int version, uint[] script)
    {
        var w = new RandomWorkload(version);
        long bound = w.MemoryAccessBound;
        for (int i = 0; i + 2 < script.Length; i += 3)
        {
            long before = w.Memory.DeviceReads + w.Memory.DeviceWrites;
            w.Apply(script[i], script[i + 1], script[i + 2]);
            long work = w.Memory.DeviceReads + w.Memory.DeviceWrites - before;
            // A bring-up step is many register accesses; each is bounded, so allow one bound per queue setup too.
            Assert.True(work <= 4 * bound, $"step {i / 3}: {work} memory accesses > bound {4 * bound}");
            w.CheckInvariants();
        }
    }

    [Property(MaxTest = 300)]
    public void ModernRandomSequencesKeepInvariants(uint[] script) => RunScript(2, script);

    [Property(MaxTest = 200)]
    public void LegacyRandomSequencesKeepInvariants(uint[] script) => RunScript(1, script);

    /// <summary>Scripts biased towards the interesting paths: mostly bring-ups, requests and ring corruption.</summary>
    public static Arbitrary<uint[]> BiasedScripts()
    {
        Gen<uint> kind = Gen.Frequency(
            (2, Gen.Constant(2u)), (6, Gen.Constant(3u)), (2, Gen.Constant(7u)), (1, Gen.Constant(4u)), (3, Gen.Choose(0, 11).Select(x => (uint)x)));
        Gen<uint> any = ArbMap.Default.GeneratorFor<uint>();
        Gen<uint[]> op = kind.SelectMany(k => any.SelectMany(a => any.Select(b => new[] { k, a, b })));
        return op.ArrayOf().Select(ops => ops.SelectMany(x => x).ToArray()).ToArbitrary();
    }

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(PropertyTests) })]
    public void BiasedRandomSequencesKeepInvariants(uint[] script) => RunScript(2, script);

    [Property(MaxTest = 200)]
    public void StatusMachineOnlyReachesValidStates(byte[] writes)
    {
        var h = new DriverHarness();
        foreach (byte value in writes)
        {
            if ((value & DeviceStatus.FeaturesOk) != 0)
            {
                h.Write(MmioRegisters.DriverFeaturesSel, 1);
                h.WriteRaw(MmioRegisters.DriverFeatures, 1); // VERSION_1 (ignored outside the window)
            }

            uint before = h.Transport.Status;
            MmioAccessResult r = h.WriteRaw(MmioRegisters.Status, value);
            uint after = h.Transport.Status;
            uint seq = after & DeviceStatus.SequenceMask;
            Assert.Contains(seq, new uint[] { 0, 0x1, 0x3, 0xB, 0xF });
            if (value == 0)
            {
                Assert.Equal(0u, after);
            }
            else if (r == MmioAccessResult.IgnoredInState)
            {
                Assert.Equal(before, after);
            }
            else
            {
                // Accepted: FAILED only ever accumulates, sequence bits never go backwards.
                Assert.Equal(before & DeviceStatus.Failed, after & before & DeviceStatus.Failed);
                Assert.Equal(before & DeviceStatus.SequenceMask, seq & before);
            }
        }
    }
}
