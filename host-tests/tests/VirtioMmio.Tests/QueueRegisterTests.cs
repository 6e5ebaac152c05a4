using VirtioMmio.Queue;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>Per-queue registers (M-07, M-11, M-20, M-21, M-22) and the QueueSel policy.</summary>
public class QueueRegisterTests
{
    [Fact]
    public void M_07_NoMemoryAccessWhileQueueNotReady()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueDescLow, 0xDEAD0000); // garbage, never enabled
        h.DriverOk();
        h.Memory.ResetCounters();
        h.Notify(0);
        h.Notify(1);
        Assert.Equal(0, h.Memory.DeviceReads);
        Assert.Equal(0, h.Memory.DeviceWrites);
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void M_07_DisabledQueueIsNotTouchedEvenWithBuffersPosted()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueReady, 0);
        h.Memory.ResetCounters();
        h.Notify(0);
        Assert.Equal(0, h.Memory.DeviceReads + h.Memory.DeviceWrites);
        Assert.Equal(0, h.UsedIdx(0));
    }

    [Fact]
    public void M_11_QueueReadyReadsLastValueWrittenPerQueue()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.SetupQueue(1);
        h.Write(MmioRegisters.QueueSel, 0);
        Assert.Equal(0u, h.Read(MmioRegisters.QueueReady));
        h.Write(MmioRegisters.QueueSel, 1);
        Assert.Equal(1u, h.Read(MmioRegisters.QueueReady));
        h.Write(MmioRegisters.QueueReady, 0);
        Assert.Equal(0u, h.Read(MmioRegisters.QueueReady));
        h.Write(MmioRegisters.QueueReady, 1);
        Assert.Equal(1u, h.Read(MmioRegisters.QueueReady));
    }

    [Fact]
    public void M_20_QueueConfigWritesIgnoredWhileReady()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.SetupQueue(0, 8);
        var q = h.Transport.GetQueue(0);
        ulong desc = q.DescAddress, avail = q.DriverAddress, used = q.DeviceAddress;
        foreach (int reg in new[] { MmioRegisters.QueueNum, MmioRegisters.QueueDescLow, MmioRegisters.QueueDescHigh, MmioRegisters.QueueDriverLow, MmioRegisters.QueueDriverHigh, MmioRegisters.QueueDeviceLow, MmioRegisters.QueueDeviceHigh })
        {
            Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(reg, 4));
        }

        Assert.Equal(8, q.Size);
        Assert.Equal((desc, avail, used), (q.DescAddress, q.DriverAddress, q.DeviceAddress));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(3u)]
    [InlineData(12u)]
    [InlineData(32u)]
    [InlineData(0x10000u)]
    public void M_21_InvalidQueueNumIsRejectedAndPreviousKept(uint size)
    {
        var h = new DriverHarness(maxSize: 16);
        h.Negotiate();
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueNum, 4);
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.QueueNum, size));
        Assert.Equal(4, h.Transport.GetQueue(0).Size);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void M_21_AnyPowerOfTwoUpToMaxIsAcceptedAndUsed(ushort size)
    {
        var h = new DriverHarness(maxSize: 16);
        Assert.True(h.Negotiate());
        h.SetupQueue(0, size);
        h.DriverOk();
        for (int i = 0; i < 3 * size; i++)
        {
            var (head, _) = h.PostEcho(0, new byte[] { (byte)i }, 1);
            h.Notify(0);
            Assert.Equal((ushort)(i + 1), h.UsedIdx(0));
            Assert.Equal(head, (ushort)h.UsedElem(0, i).Id);
        }

        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void M_22_QueueReadyZeroTakesEffectAtOnce()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueReady, 0);
        Assert.Equal(0u, h.Read(MmioRegisters.QueueReady)); // vm_del_vq's WARN_ON(readl(QUEUE_READY))
        h.Notify(0);
        Assert.Equal(0, h.UsedIdx(0));
    }

    [Fact]
    public void M_22_ReEnabledQueueStartsFromIndexZero()
    {
        var h = new DriverHarness();
        h.BringUp();
        for (int i = 0; i < 3; i++)
        {
            h.PostEcho(0, new byte[] { 1 }, 1);
            h.Notify(0);
        }

        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueReady, 0);
        h.SetupQueue(0); // zeroes the ring like virtqueue_reinit_vring, same addresses
        var (head, _) = h.PostEcho(0, new byte[] { 7 }, 1);
        h.Notify(0);
        Assert.Equal(1, h.UsedIdx(0));
        Assert.Equal(head, (ushort)h.UsedElem(0, 0).Id);
    }

    [Fact]
    public void QueueSelOutOfRange_WritesIgnoredReadsZero()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.Write(MmioRegisters.QueueSel, 7);
        foreach (int reg in new[] { MmioRegisters.QueueNum, MmioRegisters.QueueReady, MmioRegisters.QueueDescLow, MmioRegisters.QueueDriverLow, MmioRegisters.QueueDeviceHigh })
        {
            Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(reg, 1));
        }

        Assert.Equal(0u, h.Read(MmioRegisters.QueueNumMax));
        Assert.Equal(0u, h.Read(MmioRegisters.QueueReady));
        Assert.Equal(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk, h.Read(MmioRegisters.Status));
    }

    public static IEnumerable<object[]> BadLayouts()
    {
        ulong b = DriverHarness.Base;
        yield return new object[] { b + 8, b + 0x800, b + 0x1000 };            // desc misaligned
        yield return new object[] { b, b + 0x801, b + 0x1000 };                // avail misaligned
        yield return new object[] { b, b + 0x800, b + 0x1002 };                // used misaligned
        yield return new object[] { b - 0x100, b + 0x800, b + 0x1000 };        // desc below window
        yield return new object[] { b, b + 0x800, b + DriverHarness.WindowSize - 8 }; // used runs off the end
        yield return new object[] { 0xFFFFFFFFFFFFFFF0UL, b + 0x800, b + 0x1000 }; // wraps
    }

    [Theory]
    [MemberData(nameof(BadLayouts))]
    public void QueueReady_BadLayoutIsRefusedWithNeedsReset(ulong desc, ulong avail, ulong used)
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueDescLow, (uint)desc);
        h.Write(MmioRegisters.QueueDescHigh, (uint)(desc >> 32));
        h.Write(MmioRegisters.QueueDriverLow, (uint)avail);
        h.Write(MmioRegisters.QueueDriverHigh, (uint)(avail >> 32));
        h.Write(MmioRegisters.QueueDeviceLow, (uint)used);
        h.Write(MmioRegisters.QueueDeviceHigh, (uint)(used >> 32));
        h.Memory.ResetCounters();
        h.Write(MmioRegisters.QueueReady, 1);

        Assert.Equal(0u, h.Read(MmioRegisters.QueueReady));
        Assert.Equal(DeviceStatus.DeviceNeedsReset, h.Read(MmioRegisters.Status) & DeviceStatus.DeviceNeedsReset);
        Assert.Equal(QueueError.BadRingLayout, h.Transport.LastQueueError);
        Assert.Equal(0, h.Memory.DeviceReads + h.Memory.DeviceWrites + h.Memory.DeviceFaults);
        // Before DRIVER_OK the config interrupt is deferred to DRIVER_OK (S-03 asks for it once DRIVER_OK is set).
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        h.DriverOk();
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Read(MmioRegisters.InterruptStatus));
    }
}
