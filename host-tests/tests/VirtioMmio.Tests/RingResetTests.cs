using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>QueueReset with VIRTIO_F_RING_RESET offered and negotiated (M-08..M-10, Q-01..Q-03).</summary>
public class RingResetTests
{
    private static DriverHarness NewHarness()
    {
        var h = new DriverHarness(options: new TransportOptions { OfferRingReset = true });
        Assert.NotEqual(0UL, h.Transport.OfferedFeatures & VirtioFeatures.RingReset);
        return h;
    }

    private static void BringUpWithRingReset(DriverHarness h) => h.BringUp(h.DefaultDriverFeatures | VirtioFeatures.RingReset);

    [Fact]
    public void M_08_QueueResetReadsZeroAfterDeviceReset()
    {
        var h = NewHarness();
        BringUpWithRingReset(h);
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueReset, 1);
        h.Reset();
        for (uint q = 0; q < 2; q++)
        {
            h.Write(MmioRegisters.QueueSel, q);
            Assert.Equal(0u, h.Read(MmioRegisters.QueueReset));
        }
    }

    [Fact]
    public void M_09_QueueResetReadsZeroAfterQueueEnabled()
    {
        var h = NewHarness();
        BringUpWithRingReset(h);
        h.Write(MmioRegisters.QueueSel, 1);
        Assert.Equal(1u, h.Read(MmioRegisters.QueueReady));
        Assert.Equal(0u, h.Read(MmioRegisters.QueueReset));
    }

    [Fact]
    public void M_10_QueueResetCompletesInsideTheWrite()
    {
        var h = NewHarness();
        BringUpWithRingReset(h);
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueReset, 1);
        Assert.Equal(0u, h.Read(MmioRegisters.QueueReset));
        Assert.Equal(0u, h.Read(MmioRegisters.QueueReady));
        h.Write(MmioRegisters.QueueSel, 1);
        Assert.Equal(1u, h.Read(MmioRegisters.QueueReady)); // other queues untouched
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void M_10_QueueResetIgnoredUnlessNegotiated()
    {
        var h = NewHarness();
        h.BringUp(); // RING_RESET offered but not accepted
        h.Write(MmioRegisters.QueueSel, 0);
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.QueueReset, 1));
        Assert.Equal(1u, h.Read(MmioRegisters.QueueReady));

        var plain = new DriverHarness();
        plain.BringUp();
        Assert.Equal(MmioAccessResult.UndefinedOffset, plain.WriteRaw(MmioRegisters.QueueReset, 1));
        plain.Write(MmioRegisters.QueueSel, 0);
        Assert.Equal(1u, plain.Read(MmioRegisters.QueueReady));
    }

    [Fact]
    public void Q_01_NoRequestsOrNotificationsFromAResetQueue()
    {
        var h = NewHarness();
        BringUpWithRingReset(h);
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueReset, 1);
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Memory.ResetCounters();
        h.Notify(0);
        Assert.Equal(0, h.Memory.DeviceReads + h.Memory.DeviceWrites);
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        Assert.Equal(0, h.Device.RequestsHandled);
    }

    [Fact]
    public void Q_02_QueueResetRestoresDefaults()
    {
        var h = NewHarness();
        h.Negotiate(h.DefaultDriverFeatures | VirtioFeatures.RingReset);
        h.SetupQueue(0, 4);
        h.DriverOk();
        for (int i = 0; i < 3; i++)
        {
            h.PostEcho(0, new byte[] { 1 }, 1);
            h.Notify(0);
        }

        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueReset, 1);
        var q = h.Transport.GetQueue(0);
        Assert.Equal((0, 0, q.MaxSize, 0UL, 0UL, 0UL, false), (q.NextAvail, q.NextUsed, q.Size, q.DescAddress, q.DriverAddress, q.DeviceAddress, q.Ready));
    }

    [Fact]
    public void Q_03_ReEnableObservesNewConfiguration()
    {
        var h = NewHarness();
        h.Negotiate(h.DefaultDriverFeatures | VirtioFeatures.RingReset);
        h.SetupQueue(0, 16);
        h.DriverOk();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);

        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueReset, 1);
        h.SetupQueue(0, 2); // new, smaller size
        Assert.Equal(2, h.Transport.GetQueue(0).Size);
        for (int i = 0; i < 5; i++)
        {
            var (head, _) = h.PostEcho(0, new byte[] { (byte)i }, 1);
            h.Notify(0);
            Assert.Equal(head, (ushort)h.UsedElem(0, i).Id);
        }

        Assert.Equal(5, h.UsedIdx(0));
        // With size 2 the slots wrap every two entries: slot 0 now holds the 5th (index 4) completion.
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
    }
}
