using VirtioMmio.Queue;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>
/// V-09: every malformed ring stops the device with DEVICE_NEEDS_RESET and a config interrupt, without a hang,
/// an exception, a used-ring write or an access outside the memory window; a reset brings the device back.
/// </summary>
public class MalformedRingTests
{
    private const ushort W = SplitRing.DescriptorFlagWrite;
    private const ushort N = SplitRing.DescriptorFlagNext;
    private const ushort I = SplitRing.DescriptorFlagIndirect;

    /// <summary>Each case lays out a bad ring on queue 0 (size 16) of a brought-up device and returns the expected error.</summary>
    public static IEnumerable<object[]> Cases() => new[]
    {
        "HeadOutOfRange", "NextOutOfRange", "TwoDescriptorLoop", "SelfLoop", "ChainLongerThanMaxSegments",
        "IndirectNotNegotiated", "NestedIndirect", "IndirectWithNext", "IndirectLengthZero", "IndirectLengthNotMultipleOf16",
        "IndirectTableOutsideWindow", "IndirectTableLoop", "BufferOutsideWindow", "BufferLengthBeyondWindow",
        "AvailIdxJumpsTooFar", "ReadableAfterWritable", "IndirectTableTooLongChain",
    }.Select(c => new object[] { c });

    private static QueueError Arrange(DriverHarness h, string name)
    {
        QueueLayout l = h.Layout(0);
        ulong buf = h.Alloc(64);
        ulong table = h.Alloc(16 * 32);
        switch (name)
        {
            case "HeadOutOfRange":
                h.MakeAvailable(0, 16);
                return QueueError.DescriptorIndexOutOfRange;
            case "NextOutOfRange":
                h.WriteDescriptor(l.Desc, 0, new Desc(buf, 4, N, 16));
                h.MakeAvailable(0, 0);
                return QueueError.DescriptorIndexOutOfRange;
            case "TwoDescriptorLoop":
                h.WriteDescriptor(l.Desc, 0, new Desc(buf, 4, N, 1));
                h.WriteDescriptor(l.Desc, 1, new Desc(buf, 4, N, 0));
                h.MakeAvailable(0, 0);
                return QueueError.ChainLoopOrTooLong;
            case "SelfLoop":
                h.WriteDescriptor(l.Desc, 3, new Desc(buf, 4, (ushort)(N | W), 3));
                h.MakeAvailable(0, 3);
                return QueueError.ChainLoopOrTooLong;
            case "ChainLongerThanMaxSegments":
                // 17 distinct descriptors in an indirect table of 32: no loop, but more than MaxSegments.
                for (int i = 0; i < 32; i++)
                {
                    h.WriteDescriptor(table, i, new Desc(buf, 1, (ushort)(i < 31 ? N : 0), (ushort)(i + 1)));
                }

                h.WriteDescriptor(l.Desc, 0, new Desc(table, 16 * 32, I, 0));
                h.MakeAvailable(0, 0);
                return QueueError.TooManySegments;
            case "IndirectNotNegotiated":
                throw new InvalidOperationException("arranged separately");
            case "NestedIndirect":
                h.WriteDescriptor(table, 0, new Desc(table + 256, 16, I, 0));
                h.WriteDescriptor(l.Desc, 0, new Desc(table, 16, I, 0));
                h.MakeAvailable(0, 0);
                return QueueError.BadIndirectChain;
            case "IndirectWithNext":
                h.WriteDescriptor(table, 0, new Desc(buf, 4, 0, 0));
                h.WriteDescriptor(l.Desc, 0, new Desc(table, 16, (ushort)(I | N), 1));
                h.WriteDescriptor(l.Desc, 1, new Desc(buf, 4, W, 0));
                h.MakeAvailable(0, 0);
                return QueueError.BadIndirectChain;
            case "IndirectLengthZero":
                h.WriteDescriptor(l.Desc, 0, new Desc(table, 0, I, 0));
                h.MakeAvailable(0, 0);
                return QueueError.BadIndirectTable;
            case "IndirectLengthNotMultipleOf16":
                h.WriteDescriptor(l.Desc, 0, new Desc(table, 24, I, 0));
                h.MakeAvailable(0, 0);
                return QueueError.BadIndirectTable;
            case "IndirectTableOutsideWindow":
                // Two-entry table whose second entry lies past the window end: refused before any read.
                ulong last = DriverHarness.Base + DriverHarness.WindowSize - 16;
                h.WriteDescriptor(last, 0, new Desc(buf, 4, N, 1));
                h.WriteDescriptor(l.Desc, 0, new Desc(last, 32, I, 0));
                h.MakeAvailable(0, 0);
                return QueueError.OutsideMemoryWindow;
            case "IndirectTableLoop":
                h.WriteDescriptor(table, 0, new Desc(buf, 4, N, 1));
                h.WriteDescriptor(table, 1, new Desc(buf, 4, N, 0));
                h.WriteDescriptor(l.Desc, 0, new Desc(table, 32, I, 0));
                h.MakeAvailable(0, 0);
                return QueueError.ChainLoopOrTooLong;
            case "IndirectTableTooLongChain":
                h.WriteDescriptor(table, 0, new Desc(buf, 4, N, 1));
                h.WriteDescriptor(table, 1, new Desc(buf, 4, N, 2)); // next beyond the 2-entry table
                h.WriteDescriptor(l.Desc, 0, new Desc(table, 32, I, 0));
                h.MakeAvailable(0, 0);
                return QueueError.DescriptorIndexOutOfRange;
            case "BufferOutsideWindow":
                h.WriteDescriptor(l.Desc, 0, new Desc(DriverHarness.Base - 4, 8, 0, 0));
                h.MakeAvailable(0, 0);
                return QueueError.OutsideMemoryWindow;
            case "BufferLengthBeyondWindow":
                h.WriteDescriptor(l.Desc, 0, new Desc(buf, 0xFFFFFFFF, W, 0));
                h.MakeAvailable(0, 0);
                return QueueError.OutsideMemoryWindow;
            case "AvailIdxJumpsTooFar":
                h.SetAvailIdx(0, 17);
                return QueueError.AvailIndexTooFar;
            case "ReadableAfterWritable":
                h.WriteDescriptor(l.Desc, 0, new Desc(buf, 4, (ushort)(W | N), 1));
                h.WriteDescriptor(l.Desc, 1, new Desc(buf, 4, 0, 0));
                h.MakeAvailable(0, 0);
                return QueueError.ReadableAfterWritable;
        }

        throw new ArgumentException(name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void V_09_MalformedRingStopsDeviceWithNeedsReset(string name)
    {
        var h = new DriverHarness(maxSize: 16);
        QueueError expected;
        if (name == "IndirectNotNegotiated")
        {
            h.BringUp(h.DefaultDriverFeatures & ~VirtioFeatures.IndirectDescriptors);
            ulong table = h.Alloc(16);
            h.WriteDescriptor(table, 0, new Desc(h.Alloc(4), 4, W, 0));
            h.WriteDescriptor(h.Layout(0).Desc, 0, new Desc(table, 16, I, 0));
            h.MakeAvailable(0, 0);
            expected = QueueError.IndirectNotNegotiated;
        }
        else
        {
            h.BringUp();
            expected = Arrange(h, name);
        }

        int writesBefore = h.Memory.DeviceWrites;
        h.Notify(0);

        Assert.Equal(expected, h.Transport.LastQueueError);
        Assert.Equal(0x4Fu, h.Read(MmioRegisters.Status));
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Read(MmioRegisters.InterruptStatus) & MmioRegisters.InterruptConfigChange);
        Assert.Equal(0, h.UsedIdx(0));
        Assert.Equal(0u, h.Transport.RequestsCompleted);
        Assert.Equal(writesBefore, h.Memory.DeviceWrites); // nothing published
        Assert.Equal(0, h.Memory.DeviceFaults); // every bad address was refused before any access was attempted

        // Stopped: further kicks (any queue) do nothing.
        int reads = h.Memory.DeviceReads;
        h.Notify(0);
        h.Notify(1);
        Assert.Equal(reads, h.Memory.DeviceReads);

        // A reset and a fresh bring-up recover.
        h.BringUp();
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
        var (head, _) = h.PostEcho(0, new byte[] { 1, 2 }, 2);
        h.Notify(0);
        Assert.Equal(((uint)head, 2u), h.UsedElem(0, 0));
    }

    [Fact]
    public void V_09_MalformedRingPostedBeforeDriverOkIsCaughtAtDriverOk()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.SetupQueue(0);
        h.SetAvailIdx(0, 100);
        h.DriverOk();
        Assert.Equal(QueueError.AvailIndexTooFar, h.Transport.LastQueueError);
        Assert.Equal(0x4Fu, h.Read(MmioRegisters.Status));
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Read(MmioRegisters.InterruptStatus));
    }

    [Fact]
    public void V_09_GoodRequestsBeforeTheBadOneArePublished()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.PostEcho(0, new byte[] { 2 }, 1);
        h.MakeAvailable(0, 99); // bad head
        h.Notify(0);
        Assert.Equal(2, h.UsedIdx(0));
        Assert.Equal(0x4Fu, h.Read(MmioRegisters.Status));
        Assert.Equal(3u, h.Read(MmioRegisters.InterruptStatus));
    }
}
