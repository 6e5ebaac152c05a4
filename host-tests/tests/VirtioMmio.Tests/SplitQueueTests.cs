using VirtioMmio.Queue;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>Device obligations on split virtqueues (V-01..V-08, V-10).</summary>
public class SplitQueueTests
{
    private const ushort W = SplitRing.DescriptorFlagWrite;
    private const ushort N = SplitRing.DescriptorFlagNext;
    private const ushort I = SplitRing.DescriptorFlagIndirect;

    private static byte[] Pattern(int n, int seed = 1) => Enumerable.Range(0, n).Select(i => (byte)(seed * 31 + i * 7)).ToArray();

    public static IEnumerable<object[]> Arrangements()
    {
        // readable pieces, writable pieces (sizes)
        yield return new object[] { new[] { 24 }, new[] { 24 } };
        yield return new object[] { new[] { 4, 20 }, new[] { 8, 16 } };           // SCMI-like header/params split
        yield return new object[] { new[] { 1, 1, 1, 1, 1 }, new[] { 3, 2 } };
        yield return new object[] { new[] { 40 }, new[] { 1, 1, 1, 1, 36 } };
        yield return new object[] { new[] { 16 }, new[] { 64 } };                  // larger reply buffer
        yield return new object[] { new[] { 64 }, new[] { 16 } };                  // smaller reply buffer
        yield return new object[] { new[] { 0, 8 }, new[] { 0, 8 } };               // zero-length pieces
    }

    [Theory]
    [MemberData(nameof(Arrangements))]
    public void V_01_AnyDescriptorArrangementIsAccepted(int[] readable, int[] writable)
    {
        var h = new DriverHarness(maxSize: 16);
        h.BringUp();
        int inLen = readable.Sum();
        byte[] data = Pattern(inLen);
        var chain = new List<Desc>();
        int off = 0;
        foreach (int r in readable)
        {
            ulong a = h.Alloc(Math.Max(r, 1));
            h.HostWrite(a, data.Skip(off).Take(r).ToArray());
            off += r;
            chain.Add(new Desc(a, (uint)r, 0, 0));
        }

        var outs = new List<(ulong, int)>();
        foreach (int w in writable)
        {
            ulong a = h.Alloc(Math.Max(w, 1));
            outs.Add((a, w));
            chain.Add(new Desc(a, (uint)w, W, 0));
        }

        ushort head = h.WriteChain(0, chain.ToArray());
        h.MakeAvailable(0, head);
        h.Notify(0);

        int expected = Math.Min(inLen, writable.Sum());
        Assert.Equal(((uint)head, (uint)expected), h.UsedElem(0, 0));
        byte[] reply = outs.SelectMany(o => h.HostRead(o.Item1, o.Item2)).ToArray();
        Assert.Equal(data.Take(expected), reply.Take(expected));
    }

    [Fact]
    public void V_01_IndirectTableCarriesTheWholeRequest()
    {
        var h = new DriverHarness();
        h.BringUp();
        byte[] data = Pattern(12);
        ulong input = h.Alloc(12), reply = h.Alloc(12), table = h.Alloc(48);
        h.HostWrite(input, data);
        h.WriteDescriptor(table, 0, new Desc(input, 6, N, 1));
        h.WriteDescriptor(table, 1, new Desc(input + 6, 6, N, 2));
        h.WriteDescriptor(table, 2, new Desc(reply, 12, W, 0));
        ushort head = h.WriteChain(0, new Desc(table, 48, I, 0));
        h.MakeAvailable(0, head);
        h.Notify(0);
        Assert.Equal(((uint)head, 12u), h.UsedElem(0, 0));
        Assert.Equal(data, h.HostRead(reply, 12));
    }

    [Fact]
    public void V_02_DeviceNeverWritesReadableBuffersOrDescriptors()
    {
        var h = new DriverHarness();
        h.BringUp();
        var (head, _) = h.PostEcho(0, Pattern(32), 8);
        QueueLayout l = h.Layout(0);
        byte[] descBefore = h.HostRead(l.Desc, 16 * l.Size);
        ulong input = h.ReadU32(l.Desc + 16 * (ulong)head); // first descriptor address (low word suffices: < 4 GiB)
        byte[] inputBefore = h.HostRead(input, 32);
        h.Notify(0);
        Assert.Equal(descBefore, h.HostRead(l.Desc, 16 * l.Size));
        Assert.Equal(inputBefore, h.HostRead(input, 32));
        Assert.Equal(8u, h.UsedElem(0, 0).Len);
    }

    [Fact]
    public void V_03_WriteFlagOfIndirectDescriptorIsIgnoredAfterDirectDescriptors()
    {
        var h = new DriverHarness();
        h.BringUp();
        byte[] data = Pattern(8);
        ulong input = h.Alloc(8), reply = h.Alloc(8), table = h.Alloc(16);
        h.HostWrite(input, data);
        h.WriteDescriptor(table, 0, new Desc(reply, 8, W, 0));
        // Direct readable descriptor, then a single INDIRECT descriptor (with a stray WRITE flag) ending the chain.
        ushort head = h.WriteChain(0, new Desc(input, 8, 0, 0), new Desc(table, 16, (ushort)(I | W), 0));
        h.MakeAvailable(0, head);
        h.Notify(0);
        Assert.Equal(((uint)head, 8u), h.UsedElem(0, 0));
        Assert.Equal(data, h.HostRead(reply, 8));
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void V_04_NoInterruptFlagSuppressesWithoutEventIdx()
    {
        var h = new DriverHarness();
        h.BringUp(h.DefaultDriverFeatures & ~VirtioFeatures.EventIdx);
        h.SetAvailFlags(0, SplitRing.AvailFlagNoInterrupt);
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        Assert.Equal(1, h.UsedIdx(0)); // published anyway: the driver polls
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        h.SetAvailFlags(0, 0);
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        Assert.Equal(1u, h.Read(MmioRegisters.InterruptStatus));
    }

    [Fact]
    public void V_04_UsedEventDecidesWithEventIdx()
    {
        var h = new DriverHarness();
        h.BringUp(); // EVENT_IDX negotiated
        Assert.NotEqual(0UL, h.Transport.NegotiatedFeatures & VirtioFeatures.EventIdx);
        h.SetAvailFlags(0, SplitRing.AvailFlagNoInterrupt); // ignored with EVENT_IDX
        h.SetUsedEvent(0, 0);
        var expected = new List<bool>();
        var seen = new List<bool>();
        for (int i = 0; i < 6; i++)
        {
            if (i == 3) h.SetUsedEvent(0, 4);
            h.PostEcho(0, new byte[] { 1 }, 1);
            h.Notify(0);
            seen.Add(h.Read(MmioRegisters.InterruptStatus) != 0);
            h.Ack(3);
            expected.Add(i == 0 || i == 4); // placed at used idx == used_event
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public void V_04_EventIdxDeviceWritesAvailEventSoTheDriverKeepsKicking()
    {
        var h = new DriverHarness();
        h.BringUp();
        for (int i = 1; i <= 20; i++)
        {
            h.PostEcho(0, new byte[] { 1 }, 1);
            h.Notify(0);
            Assert.Equal((ushort)i, h.AvailEvent(0));
        }
    }

    [Fact]
    public void V_05_UsedLenIsExactAndDataPrecedesIdx()
    {
        var h = new DriverHarness();
        h.BringUp();
        foreach (var (inLen, outLen) in new[] { (10, 64), (64, 10), (0, 8), (8, 0), (17, 17) })
        {
            var (_, reply) = h.PostEcho(0, Pattern(inLen, inLen), outLen);
            ushort idx = h.UsedIdx(0);
            h.Notify(0);
            Assert.Equal((ushort)(idx + 1), h.UsedIdx(0));
            int n = Math.Min(inLen, outLen);
            Assert.Equal((uint)n, h.UsedElem(0, idx).Len);
            Assert.Equal(Pattern(inLen, inLen).Take(n), h.HostRead(reply, Math.Max(outLen, 1)).Take(n));
        }
    }

    [Fact]
    public void V_06_UsedFlagsZeroAndSpuriousNotifiesHandled()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.SetupQueue(0);
        h.WriteU16(h.Layout(0).Used, 1); // stale garbage
        h.DriverOk();
        Assert.Equal(0, h.ReadU16(h.Layout(0).Used));
        for (int i = 0; i < 5; i++)
        {
            h.Notify(0); // nothing available
        }

        Assert.Equal(0, h.UsedIdx(0));
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void V_07_WorkPresentWithoutKickIsTakenAtTheNextOpportunity()
    {
        var h = new DriverHarness();
        h.BringUp();
        for (int i = 0; i < 5; i++)
        {
            h.PostEcho(0, new byte[] { (byte)i }, 1);
        }

        h.Notify(0); // one kick for five buffers
        Assert.Equal(5, h.UsedIdx(0));
    }

    [Fact]
    public void V_08_IndicesAreFreeRunningAndWrap()
    {
        var h = new DriverHarness(maxSize: 16);
        h.BringUp(h.DefaultDriverFeatures & ~VirtioFeatures.EventIdx);
        QueueLayout l = h.Layout(0);
        ulong input = h.Alloc(4), reply = h.Alloc(4);
        h.HostWrite(input, new byte[] { 1, 2, 3, 4 });
        // Pre-build 16 two-descriptor chains (size 16 => 8 chains) and recycle them.
        for (int c = 0; c < 8; c++)
        {
            h.WriteDescriptor(l.Desc, 2 * c, new Desc(input, 4, N, (ushort)(2 * c + 1)));
            h.WriteDescriptor(l.Desc, 2 * c + 1, new Desc(reply, 4, W, 0));
        }

        int total = 0;
        while (total < 70000)
        {
            for (int c = 0; c < 8; c++)
            {
                h.MakeAvailable(0, (ushort)(2 * c));
            }

            h.Notify(0);
            total += 8;
            Assert.Equal((ushort)total, h.UsedIdx(0));
        }

        Assert.Equal(unchecked((ushort)70000), h.Transport.GetQueue(0).NextAvail);
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
        Assert.Equal(((uint)14, 4u), h.UsedElem(0, 69999));
    }

    [Fact]
    public void V_10_WithoutInOrderEachChainGetsItsOwnUsedElementInOrder()
    {
        var h = new DriverHarness();
        h.BringUp();
        var heads = new List<uint>();
        for (int i = 0; i < 4; i++)
        {
            heads.Add(h.PostEcho(0, Pattern(i + 1), 8).Head);
        }

        h.Notify(0);
        Assert.Equal(4, h.UsedIdx(0));
        Assert.Equal(heads, Enumerable.Range(0, 4).Select(i => h.UsedElem(0, i).Id));
        Assert.Equal(new uint[] { 1, 2, 3, 4 }, Enumerable.Range(0, 4).Select(i => h.UsedElem(0, i).Len));
    }
}
