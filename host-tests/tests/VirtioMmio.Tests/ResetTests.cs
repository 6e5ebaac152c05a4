using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>Device reset (M-05, S-01, R-01..R-04): synchronous, complete, and silent afterwards.</summary>
public class ResetTests
{
    [Fact]
    public void S_01_StatusStartsAtZeroAndReturnsToZero()
    {
        var h = new DriverHarness();
        Assert.Equal(0u, h.Read(MmioRegisters.Status));
        h.BringUp();
        h.Reset();
        Assert.Equal(0u, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void M_05_ResetClearsInterruptStatusAndEveryQueueReady()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        h.Device.ChangeConfig();
        Assert.Equal(3u, h.Read(MmioRegisters.InterruptStatus));
        h.Write(MmioRegisters.QueueSel, 1);

        h.Reset();

        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        Assert.False(h.Transport.InterruptLine);
        for (int q = 0; q < 2; q++)
        {
            h.Write(MmioRegisters.QueueSel, (uint)q);
            Assert.Equal(0u, h.Read(MmioRegisters.QueueReady));
        }
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x01u)]
    [InlineData(0x03u)]
    [InlineData(0x0Bu)]
    [InlineData(0x0Fu)]
    [InlineData(0x8Fu)]
    [InlineData(0x83u)]
    public void R_01_ResetFromAnyStateLeavesStatusZero(uint reached)
    {
        var h = new DriverHarness();
        h.Reset();
        foreach (uint bit in new[] { DeviceStatus.Acknowledge, DeviceStatus.Driver, DeviceStatus.FeaturesOk, DeviceStatus.DriverOk, DeviceStatus.Failed })
        {
            if ((reached & bit) == 0)
            {
                continue;
            }

            if (bit == DeviceStatus.FeaturesOk)
            {
                h.WriteDriverFeatures(h.DefaultDriverFeatures);
            }

            if (bit == DeviceStatus.DriverOk)
            {
                h.SetupQueue(0);
            }

            h.AddStatus(bit);
        }

        Assert.Equal(reached, h.Read(MmioRegisters.Status));
        h.Reset();
        Assert.Equal(0u, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void R_01_ResetAfterDeviceNeedsResetClearsIt()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.Device.Fail();
        Assert.Equal(0x4Fu, h.Read(MmioRegisters.Status));
        h.Reset();
        Assert.Equal(0u, h.Read(MmioRegisters.Status));
        h.BringUp();
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void R_02_NoQueueAccessOrNotificationAfterReset()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.PostEcho(1, new byte[] { 1 }, 1);
        h.Reset();
        h.Memory.ResetCounters();
        h.Line.Changes.Clear();

        // Pending buffers and late kicks after reset: nothing is touched, nothing signalled.
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.QueueNotify, 0));
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.QueueNotify, 1));
        h.AddStatus(DeviceStatus.Acknowledge);
        h.AddStatus(DeviceStatus.Driver);

        Assert.Equal(0, h.Memory.DeviceReads);
        Assert.Equal(0, h.Memory.DeviceWrites);
        Assert.Equal(0, h.UsedIdx(0));
        Assert.Empty(h.Line.Changes);
        Assert.Equal(0u, h.Transport.RequestsCompleted);
    }

    [Fact]
    public void R_03_ResetCompletesInsideTheWrite()
    {
        // Linux vm_reset writes 0 and the very next access reads Status: no polling, no second access needed.
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        Assert.Equal(MmioAccessResult.Ok, h.Transport.Write(MmioRegisters.Status, 4, 0));
        Assert.Equal(0u, h.Transport.Status);
        Assert.Equal(0u, h.Transport.InterruptStatus);
        Assert.False(h.Transport.InterruptLine);
        Assert.False(h.Transport.GetQueue(0).Ready);
        Assert.False(h.Transport.GetQueue(1).Ready);
        Assert.Equal(0UL, h.Transport.NegotiatedFeatures);
    }

    [Fact]
    public void R_04_QueueStateReturnsToDefaultAfterReset()
    {
        var h = new DriverHarness();
        h.BringUp();
        for (int i = 0; i < 5; i++)
        {
            h.PostEcho(0, new byte[] { (byte)i }, 1);
            h.Notify(0);
        }

        Assert.Equal(5, h.Transport.GetQueue(0).NextAvail);
        h.Reset();
        var q = h.Transport.GetQueue(0);
        Assert.Equal(0, q.NextAvail);
        Assert.Equal(0, q.NextUsed);
        Assert.Equal(q.MaxSize, q.Size);
        Assert.Equal(0UL, q.DescAddress);

        // Regression (rust-vmm test_regression_timeout_after_reset): a fresh ring after reset is served from slot 0.
        h.BringUp();
        var (head, _) = h.PostEcho(0, new byte[] { 42 }, 1);
        h.Notify(0);
        Assert.Equal(1, h.UsedIdx(0));
        Assert.Equal(head, (ushort)h.UsedElem(0, 0).Id);
    }
}
