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

/// <summary>Model-based: whatever the mix of queues, sizes, chain splits and kick timing, the used rings hold exactly the
/// posted chains, in order, with the exact echo length and bytes.</summary>
public class RequestModelProperties
{
    [Property(MaxTest = 150)]
    public void UsedRingsMatchTheModel(byte[] plan, bool eventIdx)
    {
        var h = new DriverHarness(queues: 2, maxSize: 8);
        ulong features = h.DefaultDriverFeatures & ~(eventIdx ? 0 : VirtioFeatures.EventIdx);
        Assert.True(h.Negotiate(features));
        h.SetupQueue(0, 4);
        h.SetupQueue(1, 8);
        bool driverOk = false;
        var expected = new List<(ushort Head, uint Len, byte[] Data, ulong Reply)>[] { new(), new() };
        var outstanding = new int[2];
        int completed = 0;
        foreach (byte step in plan)
        {
            int q = step & 1;
            int size = q == 0 ? 4 : 8;
            if ((step & 0x80) != 0 && !driverOk)
            {
                h.DriverOk();
                driverOk = true;
            }
            else if ((step & 0x40) != 0 && driverOk)
            {
                h.Notify(q);
            }
            else if (outstanding[q] < size / 2)
            {
                // Post: the harness uses two descriptors per chain, so size/2 chains fit at once.
                int inLen = (step >> 1) & 0x1F;
                int outLen = (step * 7) % 24;
                byte[] data = Enumerable.Range(0, inLen).Select(i => (byte)(step + i)).ToArray();
                var (head, reply) = h.PostEcho(q, data, outLen);
                expected[q].Add((head, (uint)Math.Min(inLen, outLen), data, reply));
                outstanding[q]++;
            }

            // Drain whatever the device has published, like the noirq poll loop.
            for (int qq = 0; qq < 2; qq++)
            {
                while (h.PopUsed(qq) is { } used)
                {
                    var e = expected[qq][0];
                    expected[qq].RemoveAt(0);
                    outstanding[qq]--;
                    completed++;
                    Assert.Equal((uint)e.Head, used.Id);
                    Assert.Equal(e.Len, used.Len);
                    Assert.Equal(e.Data.Take((int)e.Len), h.HostRead(e.Reply, Math.Max(1, (int)e.Len)).Take((int)e.Len));
                }
            }

            Assert.True(driverOk || completed == 0); // nothing before DRIVER_OK
            Assert.Equal(0u, h.Transport.Status & DeviceStatus.DeviceNeedsReset);
        }
    }
}
