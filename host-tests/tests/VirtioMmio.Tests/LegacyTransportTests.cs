using VirtioMmio.Queue;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>Legacy (Version 1) virtio-mmio: GuestPageSize, QueueAlign, QueuePFN, no FEATURES_OK (spec §4.2.4).</summary>
public class LegacyTransportTests
{
    private static DriverHarness Legacy() => new(options: new TransportOptions { Version = 1 });

    [Fact]
    public void GuestPageSizeMayBeWrittenAnyNumberOfTimes()
    {
        var h = Legacy();
        for (int i = 0; i < 3; i++)
        {
            h.Write(MmioRegisters.LegacyGuestPageSize, 0x1000);
        }

        h.BringUp(); // writes 0x800 again, and the layout uses it
        h.Write(MmioRegisters.LegacyGuestPageSize, 0x800); // restore writes it again while live
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.LegacyGuestPageSize, 0x1001));
        Assert.Equal(0u, h.ReadRaw(MmioRegisters.LegacyGuestPageSize, out var r));
        Assert.Equal(MmioAccessResult.WriteOnlyRegister, r);
        var (head, _) = h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        Assert.Equal(head, (ushort)h.UsedElem(0, 0).Id);
    }

    [Fact]
    public void QueuePfnPlacesTheContiguousRing()
    {
        var h = Legacy();
        h.BringUp();
        SplitQueue q = h.Transport.GetQueue(0);
        QueueLayout l = h.Layout(0);
        Assert.Equal(l.Desc, q.DescAddress);
        Assert.Equal(l.Desc + (ulong)(16 * q.Size), q.DriverAddress);
        Assert.Equal(l.Used, q.DeviceAddress);
        Assert.Equal(0UL, q.DeviceAddress % 0x800);
        h.Write(MmioRegisters.QueueSel, 0);
        Assert.Equal((uint)(l.Desc / 0x800), h.Read(MmioRegisters.LegacyQueuePfn));
    }

    [Fact]
    public void PfnZeroStopsTheQueue()
    {
        var h = Legacy();
        h.BringUp();
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.LegacyQueuePfn, 0);
        Assert.Equal(0u, h.Read(MmioRegisters.LegacyQueuePfn));
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Memory.ResetCounters();
        h.Notify(0);
        Assert.Equal(0, h.Memory.DeviceReads + h.Memory.DeviceWrites);
    }

    [Fact]
    public void ResetSetsEveryPfnToZero()
    {
        var h = Legacy();
        h.BringUp();
        h.Reset();
        for (uint q = 0; q < 2; q++)
        {
            h.Write(MmioRegisters.QueueSel, q);
            Assert.Equal(0u, h.Read(MmioRegisters.LegacyQueuePfn));
        }
    }

    [Fact]
    public void QueueNumAndAlignIgnoredWhileInUse()
    {
        var h = Legacy();
        h.BringUp();
        h.Write(MmioRegisters.QueueSel, 0);
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.QueueNum, 4));
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.LegacyQueueAlign, 0x1000));
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.LegacyQueuePfn, 0x1234));
        Assert.Equal(16, h.Transport.GetQueue(0).Size);
    }

    [Fact]
    public void PfnOutsideWindowRefusedWithNeedsReset()
    {
        var h = Legacy();
        h.Negotiate();
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.LegacyQueuePfn, 1);
        Assert.Equal(0u, h.Read(MmioRegisters.LegacyQueuePfn));
        Assert.Equal(DeviceStatus.DeviceNeedsReset, h.Read(MmioRegisters.Status) & DeviceStatus.DeviceNeedsReset);
        Assert.Equal(0, h.Memory.DeviceReads + h.Memory.DeviceFaults);
    }

    [Fact]
    public void ModernOnlyRegistersAreUndefinedOnLegacy()
    {
        var h = Legacy();
        foreach (int reg in new[] { MmioRegisters.QueueReady, MmioRegisters.QueueDescLow, MmioRegisters.QueueDriverLow, MmioRegisters.QueueDeviceHigh, MmioRegisters.ShmSel, MmioRegisters.ShmLenLow, MmioRegisters.QueueReset, MmioRegisters.ConfigGeneration })
        {
            Assert.Equal(0u, h.ReadRaw(reg, out var r));
            Assert.Equal(MmioAccessResult.UndefinedOffset, r);
            Assert.Equal(MmioAccessResult.UndefinedOffset, h.WriteRaw(reg, 1));
        }
    }

    [Fact]
    public void FeaturesCommitAtDriverOkWithUnofferedBitsDropped()
    {
        var h = Legacy();
        Assert.Equal(0u, h.Transport.OfferedFeatures >> 32 == 0 ? 0u : 1u);
        h.Write(MmioRegisters.LegacyGuestPageSize, 0x800);
        h.Reset();
        h.AddStatus(DeviceStatus.Acknowledge);
        h.AddStatus(DeviceStatus.Driver);
        h.WriteDriverFeatures(0x39000000); // Linux legacy with QEMU-style NOTIFY_ON_EMPTY/ANY_LAYOUT (not offered here)
        Assert.Equal(0UL, h.Transport.NegotiatedFeatures);
        h.SetupQueue(0);
        h.DriverOk();
        Assert.Equal(0x30000000UL, h.Transport.NegotiatedFeatures);
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.DriverFeatures, 1));
    }
}
