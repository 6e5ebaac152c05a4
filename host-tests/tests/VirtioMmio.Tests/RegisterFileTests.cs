using VirtioMmio.Devices.Test;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>The register layout and the access policy for everything the driver must not do (M-01, M-02, M-12..M-19, M-25, M-26).</summary>
public class RegisterFileTests
{
    [Fact]
    public void M_01_MagicValueIsVirt()
    {
        var h = new DriverHarness();
        Assert.Equal(0x74726976u, h.Read(MmioRegisters.MagicValue));
        Assert.Equal("virt", System.Text.Encoding.ASCII.GetString(BitConverter.GetBytes(h.Read(MmioRegisters.MagicValue))));
    }

    [Fact]
    public void M_02_VersionIsTwoForModernAndOneForLegacy()
    {
        Assert.Equal(2u, new DriverHarness().Read(MmioRegisters.Version));
        Assert.Equal(1u, new DriverHarness(options: new TransportOptions { Version = 1 }).Read(MmioRegisters.Version));
    }

    [Fact]
    public void M_12_DeviceFeaturesWindowFollowsSelector()
    {
        var h = new DriverHarness();
        ulong offered = h.Transport.OfferedFeatures;
        h.Write(MmioRegisters.DeviceFeaturesSel, 0);
        Assert.Equal((uint)offered, h.Read(MmioRegisters.DeviceFeatures));
        h.Write(MmioRegisters.DeviceFeaturesSel, 1);
        Assert.Equal((uint)(offered >> 32), h.Read(MmioRegisters.DeviceFeatures));
        Assert.Equal(1u, h.Read(MmioRegisters.DeviceFeatures) & 1); // VERSION_1 is bit 32
        foreach (uint sel in new uint[] { 2, 3, 0xFFFFFFFF })
        {
            h.Write(MmioRegisters.DeviceFeaturesSel, sel);
            Assert.Equal(0u, h.Read(MmioRegisters.DeviceFeatures));
        }
    }

    [Fact]
    public void M_13_NoSharedMemoryRegionReadsAllOnes()
    {
        var h = new DriverHarness();
        foreach (uint sel in new uint[] { 0, 1, 255 })
        {
            h.Write(MmioRegisters.ShmSel, sel);
            Assert.Equal(0xFFFFFFFFu, h.Read(MmioRegisters.ShmLenLow));
            Assert.Equal(0xFFFFFFFFu, h.Read(MmioRegisters.ShmLenHigh));
            Assert.Equal(0xFFFFFFFFu, h.Read(MmioRegisters.ShmBaseLow));
            Assert.Equal(0xFFFFFFFFu, h.Read(MmioRegisters.ShmBaseHigh));
        }
    }

    [Fact]
    public void M_14_StatusZeroResetsAndNonZeroSetsFlags()
    {
        var h = new DriverHarness();
        h.Write(MmioRegisters.Status, DeviceStatus.Acknowledge);
        Assert.Equal(DeviceStatus.Acknowledge, h.Read(MmioRegisters.Status));
        h.Write(MmioRegisters.Status, DeviceStatus.Acknowledge | DeviceStatus.Driver);
        Assert.Equal(DeviceStatus.Acknowledge | DeviceStatus.Driver, h.Read(MmioRegisters.Status));
        uint resets = h.Transport.Resets;
        h.Write(MmioRegisters.Status, 0);
        Assert.Equal(0u, h.Read(MmioRegisters.Status));
        Assert.Equal(resets + 1, h.Transport.Resets);
        Assert.Equal(1, h.Device.ResetsSeen);
    }

    [Fact]
    public void M_15_QueueNumMaxIsZeroForAbsentQueues()
    {
        var h = new DriverHarness(queues: 2, maxSize: 16);
        h.Write(MmioRegisters.QueueSel, 0);
        Assert.Equal(16u, h.Read(MmioRegisters.QueueNumMax));
        h.Write(MmioRegisters.QueueSel, 1);
        Assert.Equal(32u, h.Read(MmioRegisters.QueueNumMax));
        foreach (uint sel in new uint[] { 2, 3, 0xFFFF, 0xFFFFFFFF })
        {
            h.Write(MmioRegisters.QueueSel, sel);
            Assert.Equal(0u, h.Read(MmioRegisters.QueueNumMax));
            Assert.Equal(0u, h.Read(MmioRegisters.QueueReady));
        }
    }

    [Fact]
    public void M_16_ConfigServesOneTwoAndFourByteAccesses()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.Write(MmioRegisters.Config + EchoTestDevice.ConfigScratchOffset, 0xA1B2C3D4);
        int s = EchoTestDevice.ConfigScratchOffset;
        Assert.Equal(0xA1B2C3D4u, h.ReadConfig(s, 4));
        Assert.Equal(0xC3D4u, h.ReadConfig(s, 2));
        Assert.Equal(0xA1B2u, h.ReadConfig(s + 2, 2));
        Assert.Equal(0xD4u, h.ReadConfig(s, 1));
        Assert.Equal(0xC3u, h.ReadConfig(s + 1, 1));
        Assert.Equal(0xB2u, h.ReadConfig(s + 2, 1));
        Assert.Equal(0xA1u, h.ReadConfig(s + 3, 1));

        Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.Config + s + 1, 0x55, 1));
        Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.Config + s + 2, 0x6677, 2));
        Assert.Equal(0x667755D4u, h.Device.Scratch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(0)]
    [InlineData(-4)]
    public void M_17_NonWordControlAccessReadsZeroAndIsIgnored(int width)
    {
        var h = new DriverHarness();
        Assert.Equal(0u, h.ReadRaw(MmioRegisters.MagicValue, out var r, width));
        Assert.Equal(MmioAccessResult.BadWidth, r);
        Assert.Equal(MmioAccessResult.BadWidth, h.WriteRaw(MmioRegisters.Status, DeviceStatus.Acknowledge, width));
        Assert.Equal(0u, h.Read(MmioRegisters.Status));
    }

    [Theory]
    [InlineData(MmioRegisters.MagicValue + 1)]
    [InlineData(MmioRegisters.Status + 2)]
    [InlineData(MmioRegisters.QueueSel + 3)]
    public void M_17_MisalignedControlAccessReadsZeroAndIsIgnored(int offset)
    {
        var h = new DriverHarness();
        Assert.Equal(0u, h.ReadRaw(offset, out var r));
        Assert.Equal(MmioAccessResult.Misaligned, r);
        Assert.Equal(MmioAccessResult.Misaligned, h.WriteRaw(offset, 1));
        Assert.Equal(0u, h.Read(MmioRegisters.Status));
        Assert.Equal(0u, h.Transport.InterruptStatus);
    }

    [Fact]
    public void M_17_ConfigAccessWidthAndAlignmentChecked()
    {
        var h = new DriverHarness();
        h.Negotiate();
        Assert.Equal(MmioAccessResult.BadWidth, h.Transport.Read(MmioRegisters.Config, 8, out uint v));
        Assert.Equal(0u, v);
        Assert.Equal(MmioAccessResult.BadWidth, h.Transport.Read(MmioRegisters.Config, 3, out _));
        Assert.Equal(MmioAccessResult.Misaligned, h.Transport.Read(MmioRegisters.Config + 1, 2, out _));
        Assert.Equal(MmioAccessResult.Misaligned, h.Transport.Read(MmioRegisters.Config + 2, 4, out _));
        Assert.Equal(MmioAccessResult.Misaligned, h.WriteRaw(MmioRegisters.Config + EchoTestDevice.ConfigScratchOffset + 1, 0xFFFF, 2));
        Assert.Equal(0u, h.Device.Scratch);
    }

    public static IEnumerable<object[]> ReadOnlyRegisters() => new[]
    {
        MmioRegisters.MagicValue, MmioRegisters.Version, MmioRegisters.DeviceId, MmioRegisters.VendorId,
        MmioRegisters.DeviceFeatures, MmioRegisters.QueueNumMax, MmioRegisters.InterruptStatus,
        MmioRegisters.ShmLenLow, MmioRegisters.ShmLenHigh, MmioRegisters.ShmBaseLow, MmioRegisters.ShmBaseHigh,
        MmioRegisters.ConfigGeneration,
    }.Select(o => new object[] { o });

    [Theory]
    [MemberData(nameof(ReadOnlyRegisters))]
    public void M_18_WritesToReadOnlyRegistersHaveNoEffect(int offset)
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        uint before = h.Read(offset);
        Assert.Equal(MmioAccessResult.ReadOnlyRegister, h.WriteRaw(offset, ~before));
        Assert.Equal(before, h.Read(offset));
        Assert.Equal(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk, h.Read(MmioRegisters.Status));
    }

    public static IEnumerable<object[]> WriteOnlyRegisters() => new[]
    {
        MmioRegisters.DeviceFeaturesSel, MmioRegisters.DriverFeatures, MmioRegisters.DriverFeaturesSel,
        MmioRegisters.QueueSel, MmioRegisters.QueueNum, MmioRegisters.QueueNotify, MmioRegisters.InterruptAck,
        MmioRegisters.QueueDescLow, MmioRegisters.QueueDescHigh, MmioRegisters.QueueDriverLow,
        MmioRegisters.QueueDriverHigh, MmioRegisters.QueueDeviceLow, MmioRegisters.QueueDeviceHigh, MmioRegisters.ShmSel,
    }.Select(o => new object[] { o });

    [Theory]
    [MemberData(nameof(WriteOnlyRegisters))]
    public void M_18_ReadsOfWriteOnlyRegistersReturnZero(int offset)
    {
        var h = new DriverHarness();
        h.BringUp();
        Assert.Equal(0u, h.ReadRaw(offset, out var r));
        Assert.Equal(MmioAccessResult.WriteOnlyRegister, r);
    }

    public static IEnumerable<object[]> UndefinedOffsets() =>
        new[] { 0x018, 0x01c, 0x028, 0x02c, 0x03c, 0x040, 0x048, 0x04c, 0x054, 0x058, 0x05c, 0x068, 0x06c, 0x074, 0x078, 0x07c, 0x088, 0x08c, 0x098, 0x09c, 0x0a8, 0x0c0, 0x0c4, 0x0f8 }
        .Select(o => new object[] { o });

    [Theory]
    [MemberData(nameof(UndefinedOffsets))]
    public void M_19_UndefinedOffsetsReadZeroAndIgnoreWrites(int offset)
    {
        var h = new DriverHarness();
        h.BringUp();
        Assert.Equal(0u, h.ReadRaw(offset, out var r));
        Assert.Equal(MmioAccessResult.UndefinedOffset, r);
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.WriteRaw(offset, 0xFFFFFFFF));
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        h.Write(MmioRegisters.QueueSel, 0);
        Assert.Equal(1u, h.Read(MmioRegisters.QueueReady));
    }

    [Fact]
    public void M_19_ConfigBeyondItsSizeAndNegativeOffsetsAreUndefined()
    {
        var h = new DriverHarness();
        h.Negotiate();
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.Transport.Read(MmioRegisters.Config + EchoTestDevice.ConfigBytes, 1, out uint v));
        Assert.Equal(0u, v);
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.Transport.Read(MmioRegisters.Config + EchoTestDevice.ConfigBytes, 4, out _));
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.Transport.Read(0x1000, 4, out _));
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.Transport.Read(-4, 4, out _));
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.WriteRaw(0x1000, 1));
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.WriteRaw(int.MinValue, 1));
    }

    [Fact]
    public void M_25_AdminVqAndOtherUnsupportedTransportBitsAreNeverOffered()
    {
        // A personality that claims every bit still only gets its device-type range through.
        var device = new GreedyDevice();
        var t = new MmioTransport(device, new VirtioMmio.Memory.MemoryWindow(0, 4096), new TransportOptions { OfferRingReset = true, OfferAccessPlatform = true });
        ulong offered = t.OfferedFeatures;
        Assert.Equal(0UL, offered & VirtioFeatures.AdminVq);
        Assert.Equal(0UL, offered & VirtioFeatures.SrIov);
        Assert.Equal(0UL, offered & VirtioFeatures.NotifConfigData);
        Assert.Equal(0UL, offered & VirtioFeatures.NotificationData);
        Assert.Equal(0UL, offered & VirtioFeatures.RingPacked);
        Assert.Equal(0UL, offered & VirtioFeatures.InOrder);
        Assert.Equal(0UL, offered & (1UL << 43)); // SUSPEND
        Assert.Equal(VirtioFeatures.DeviceTypeMask | VirtioFeatures.IndirectDescriptors | VirtioFeatures.EventIdx
            | VirtioFeatures.Version1 | VirtioFeatures.AccessPlatform | VirtioFeatures.RingReset, offered);
    }

    [Fact]
    public void M_26_QueueNotifyCarriesTheQueueIndexAndOutOfRangeIsIgnored()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(1, new byte[] { 5 }, 1);
        uint reads = (uint)h.Memory.DeviceReads;
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.QueueNotify, 2));
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.QueueNotify, 0x00010001)); // not an index without NOTIFICATION_DATA
        Assert.Equal((uint)h.Memory.DeviceReads, reads);
        Assert.Equal(0u, h.Transport.Notifies);
        h.Notify(1);
        Assert.Equal(1, h.UsedIdx(1));
        Assert.Equal(1, h.Device.LastQueue);
        Assert.Equal(0, h.UsedIdx(0));
    }

    private sealed class GreedyDevice : IVirtioPersonality
    {
        public uint DeviceId => 1;
        public ulong DeviceFeatures => ulong.MaxValue;
        public int QueueCount => 1;
        public int ConfigSize => 0;
        public ushort GetQueueMaxSize(int queueIndex) => 8;
        public byte ReadConfigByte(int offset) => 0;
        public void WriteConfigByte(int offset, byte value) { }
        public void Attach(IDeviceHost host) { }
        public void OnFeaturesNegotiated(ulong driverFeatures) { }
        public void OnReset() { }
        public void HandleRequest(int queueIndex, VirtioMmio.Queue.VirtioRequest request) { }
    }
}
