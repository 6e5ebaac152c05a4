using VirtioMmio.Devices.Test;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>Feature offer and negotiation (F-01..F-12).</summary>
public class FeatureTests
{
    private const uint ADF = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk;

    [Fact]
    public void F_01_NoOfferedFeatureDependsOnAnUnofferedOne()
    {
        foreach (var options in new[]
        {
            new TransportOptions(), new TransportOptions { OfferEventIdx = false }, new TransportOptions { OfferIndirectDescriptors = false },
            new TransportOptions { OfferRingReset = true, OfferAccessPlatform = true }, new TransportOptions { Version = 1 },
        })
        {
            ulong offered = new DriverHarness(options: options).Transport.OfferedFeatures;
            // Every transport feature offered needs VERSION_1 on a modern device, except the ring features.
            if ((offered & (VirtioFeatures.RingReset | VirtioFeatures.AccessPlatform)) != 0)
            {
                Assert.NotEqual(0UL, offered & VirtioFeatures.Version1);
            }

            Assert.Equal(options.OfferEventIdx, (offered & VirtioFeatures.EventIdx) != 0);
            Assert.Equal(options.OfferIndirectDescriptors, (offered & VirtioFeatures.IndirectDescriptors) != 0);
            Assert.Equal(0UL, offered & (VirtioFeatures.NotificationData | VirtioFeatures.InOrder | VirtioFeatures.RingPacked));
        }
    }

    [Fact]
    public void F_02_UnofferedBitRefusesFeaturesOk()
    {
        var h = new DriverHarness();
        Assert.False(h.Negotiate(h.DefaultDriverFeatures | (1UL << 5)));
        Assert.Equal(DeviceStatus.Acknowledge | DeviceStatus.Driver, h.Read(MmioRegisters.Status));
        Assert.Equal(0UL, h.Transport.NegotiatedFeatures);
        Assert.Equal(0UL, h.Device.NegotiatedFeatures);
    }

    [Fact]
    public void F_02_AnyValidSubsetIsAccepted()
    {
        var h = new DriverHarness();
        ulong offered = h.Transport.OfferedFeatures;
        ulong[] bits = Enumerable.Range(0, 64).Select(i => 1UL << i).Where(b => (offered & b) != 0 && b != VirtioFeatures.Version1).ToArray();
        for (int mask = 0; mask < (1 << bits.Length); mask++)
        {
            ulong set = VirtioFeatures.Version1;
            for (int i = 0; i < bits.Length; i++)
            {
                if ((mask & (1 << i)) != 0) set |= bits[i];
            }

            Assert.True(h.Negotiate(set));
            Assert.Equal(set, h.Transport.NegotiatedFeatures);
        }
    }

    [Fact]
    public void F_03_ReservedAndTransportUnsupportedBitsAreNotOffered()
    {
        ulong offered = new DriverHarness(options: new TransportOptions { OfferRingReset = true, OfferAccessPlatform = true }).Transport.OfferedFeatures;
        ulong allowed = VirtioFeatures.DeviceTypeMask | VirtioFeatures.IndirectDescriptors | VirtioFeatures.EventIdx
            | VirtioFeatures.Version1 | VirtioFeatures.AccessPlatform | VirtioFeatures.RingReset;
        Assert.Equal(0UL, offered & ~allowed);
        Assert.Equal(0UL, offered & VirtioFeatures.NotifConfigData);
        Assert.Equal(0UL, offered & ((0xFFUL << 24) & ~(VirtioFeatures.IndirectDescriptors | VirtioFeatures.EventIdx))); // 24..27, 30, 31 (legacy bits)
        Assert.Equal(EchoTestDevice.FeatureEcho, offered & VirtioFeatures.DeviceTypeMask);
    }

    [Fact]
    public void F_04_IdenticalSetAcceptedAgainAfterEveryReset()
    {
        var h = new DriverHarness();
        ulong set = h.DefaultDriverFeatures;
        h.BringUp(set);
        for (int cycle = 0; cycle < 10; cycle++)
        {
            // Linux restore: reset, ACK, DRIVER, write the saved features without re-reading DeviceFeatures.
            h.Reset();
            h.AddStatus(DeviceStatus.Acknowledge);
            h.AddStatus(DeviceStatus.Driver);
            h.WriteDriverFeatures(set);
            h.AddStatus(DeviceStatus.FeaturesOk);
            Assert.Equal(ADF, h.Read(MmioRegisters.Status));
            Assert.Equal(set, h.Transport.NegotiatedFeatures);
        }
    }

    [Fact]
    public void F_04_RefusalDoesNotPoisonLaterNegotiation()
    {
        var h = new DriverHarness();
        Assert.False(h.Negotiate(h.DefaultDriverFeatures | VirtioFeatures.InOrder));
        Assert.True(h.Negotiate(h.DefaultDriverFeatures));
    }

    [Fact]
    public void F_05_Version1OfferedAndRequired()
    {
        var h = new DriverHarness();
        Assert.NotEqual(0UL, h.ReadDeviceFeatures() & VirtioFeatures.Version1);
        Assert.False(h.Negotiate(h.DefaultDriverFeatures & ~VirtioFeatures.Version1));
        Assert.Equal(0UL, new DriverHarness(options: new TransportOptions { Version = 1 }).Transport.OfferedFeatures & VirtioFeatures.Version1);
    }

    [Fact]
    public void F_06_AccessPlatformOfferedOnRequestAndOptional()
    {
        var h = new DriverHarness(options: new TransportOptions { OfferAccessPlatform = true });
        Assert.NotEqual(0UL, h.ReadDeviceFeatures() & VirtioFeatures.AccessPlatform);
        Assert.True(h.Negotiate(h.Transport.OfferedFeatures & ~VirtioFeatures.RingReset));
        Assert.True(h.Negotiate(h.DefaultDriverFeatures)); // without it: still works
        Assert.Equal(0UL, new DriverHarness().Transport.OfferedFeatures & VirtioFeatures.AccessPlatform);
    }

    [Fact]
    public void F_07_InOrderIsNeitherOfferedNorAccepted()
    {
        var h = new DriverHarness();
        Assert.Equal(0UL, h.ReadDeviceFeatures() & VirtioFeatures.InOrder);
        Assert.False(h.Negotiate(h.DefaultDriverFeatures | VirtioFeatures.InOrder));
    }

    [Fact]
    public void F_08_OrderPlatformIsNeitherOfferedNorAccepted()
    {
        var h = new DriverHarness();
        Assert.Equal(0UL, h.ReadDeviceFeatures() & VirtioFeatures.OrderPlatform);
        Assert.False(h.Negotiate(h.DefaultDriverFeatures | VirtioFeatures.OrderPlatform));
    }

    [Fact]
    public void F_09_SrIovNeverOffered()
    {
        var h = new DriverHarness(options: new TransportOptions { OfferRingReset = true, OfferAccessPlatform = true });
        Assert.Equal(0UL, h.ReadDeviceFeatures() & VirtioFeatures.SrIov);
        Assert.False(h.Negotiate(h.DefaultDriverFeatures | VirtioFeatures.SrIov));
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(7u)]
    public void F_10_UnofferedBitsInAnyWordRefuseFeaturesOk(uint word)
    {
        var h = new DriverHarness();
        h.Reset();
        h.AddStatus(DeviceStatus.Acknowledge);
        h.AddStatus(DeviceStatus.Driver);
        h.WriteDriverFeatures(h.DefaultDriverFeatures);
        h.Write(MmioRegisters.DriverFeaturesSel, word);
        h.Write(MmioRegisters.DriverFeatures, 1);
        h.AddStatus(DeviceStatus.FeaturesOk);
        Assert.Equal(0u, h.Read(MmioRegisters.Status) & DeviceStatus.FeaturesOk);
    }

    [Fact]
    public void F_10_UnofferedBitsAreNotMaskedButRefused()
    {
        var h = new DriverHarness();
        Assert.False(h.Negotiate(VirtioFeatures.Version1 | (1UL << 63)));
        Assert.True(h.Negotiate(VirtioFeatures.Version1));
        Assert.Equal(VirtioFeatures.Version1, h.Transport.NegotiatedFeatures);
    }

    [Fact]
    public void F_11_DriverFeaturesIgnoredOutsideTheNegotiationWindow()
    {
        var h = new DriverHarness();
        h.Reset();
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.DriverFeatures, 0x30000000)); // before DRIVER
        h.AddStatus(DeviceStatus.Acknowledge);
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.DriverFeatures, 0x30000000));
        h.AddStatus(DeviceStatus.Driver);
        h.WriteDriverFeatures(VirtioFeatures.Version1);
        h.AddStatus(DeviceStatus.FeaturesOk);
        Assert.Equal(ADF, h.Read(MmioRegisters.Status));
        h.Write(MmioRegisters.DriverFeaturesSel, 0);
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.DriverFeatures, 0x30000000)); // after FEATURES_OK
        Assert.Equal(VirtioFeatures.Version1, h.Transport.NegotiatedFeatures);
        h.SetupQueue(0);
        h.DriverOk();
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.DriverFeatures, 0x30000000));
        Assert.Equal(VirtioFeatures.Version1, h.Transport.NegotiatedFeatures);
    }

    [Fact]
    public void F_12_LinuxTransportFeatureFilterIsAccepted()
    {
        // vring_transport_features keeps INDIRECT_DESC, EVENT_IDX, VERSION_1, ACCESS_PLATFORM of what we offer and
        // drops RING_RESET: that exact set must be accepted, and the device must work without RING_RESET.
        var h = new DriverHarness(options: new TransportOptions { OfferRingReset = true, OfferAccessPlatform = true });
        ulong linuxKeeps = VirtioFeatures.IndirectDescriptors | VirtioFeatures.EventIdx | VirtioFeatures.Version1 | VirtioFeatures.AccessPlatform;
        ulong accepted = h.Transport.OfferedFeatures & (linuxKeeps | VirtioFeatures.DeviceTypeMask);
        h.BringUp(accepted);
        Assert.Equal(accepted, h.Transport.NegotiatedFeatures);
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        Assert.Equal(1, h.UsedIdx(0));
    }

    [Fact]
    public void DeviceFeaturesNeverChangeAndAreReadOnlyOnce()
    {
        var h = new DriverHarness();
        ulong first = h.ReadDeviceFeatures();
        h.BringUp();
        h.Reset();
        Assert.Equal(first, h.ReadDeviceFeatures());
    }
}
