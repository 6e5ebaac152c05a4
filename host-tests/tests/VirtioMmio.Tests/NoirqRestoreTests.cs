using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>
/// The core under the Linux noirq restore sequence (virtio-noirq-restore.md §4): reset, renegotiation without
/// re-reading DeviceFeatures, reset_vqs at new ring addresses without re-reading QueueNumMax, DRIVER_OK, then progress
/// by polling the used ring with the interrupt line ignored.
/// </summary>
public class NoirqRestoreTests
{
    [Fact]
    public void RestoreNoirqSequenceMakesProgressByPollingAlone()
    {
        var h = new DriverHarness();
        ulong features = h.ReadDeviceFeatures() & h.DefaultDriverFeatures;
        h.BringUp(features);
        for (int i = 0; i < 3; i++)
        {
            h.PostEcho(0, new byte[] { 1, 2, 3 }, 3);
            h.Notify(0);
            h.ServiceInterrupt();
        }

        // Freeze: reset, then per queue QueueReady=0 with read-back.
        h.Reset();
        for (uint q = 0; q < 2; q++)
        {
            h.Write(MmioRegisters.QueueSel, q);
            h.Write(MmioRegisters.QueueReady, 0);
            Assert.Equal(0u, h.Read(MmioRegisters.QueueReady));
        }

        // While the guest sleeps the device changes its config; nobody services the interrupt.
        h.Device.ChangeConfig();

        // restore_noirq: reset, ACK, DRIVER, saved features, FEATURES_OK (read back), reset_vqs, DRIVER_OK.
        h.Reset();
        h.AddStatus(DeviceStatus.Acknowledge);
        h.AddStatus(DeviceStatus.Driver);
        h.WriteDriverFeatures(features);
        h.AddStatus(DeviceStatus.FeaturesOk);
        Assert.Equal(DeviceStatus.FeaturesOk, h.Read(MmioRegisters.Status) & DeviceStatus.FeaturesOk);

        ulong[] newBase = { DriverHarness.Base + 0x8000, DriverHarness.Base + 0xA000 };
        for (int q = 0; q < 2; q++)
        {
            QueueLayout l = h.Layout(q);
            ushort size = l.Size; // the size saved before sleep; QueueNumMax is not read again
            h.Memory.HostWrite(newBase[q], new byte[0x2000], 0, 0x2000);
            h.Write(MmioRegisters.QueueSel, (uint)q);
            h.Write(MmioRegisters.QueueNum, size);
            h.Write(MmioRegisters.QueueDescLow, (uint)newBase[q]);
            h.Write(MmioRegisters.QueueDescHigh, 0);
            h.Write(MmioRegisters.QueueDriverLow, (uint)(newBase[q] + 0x800));
            h.Write(MmioRegisters.QueueDriverHigh, 0);
            h.Write(MmioRegisters.QueueDeviceLow, (uint)(newBase[q] + 0x1000));
            h.Write(MmioRegisters.QueueDeviceHigh, 0);
            h.Write(MmioRegisters.QueueReady, 1);
        }

        h.AddStatus(DeviceStatus.DriverOk);

        // The change made while asleep is signalled again (§3.9), though the reset wiped InterruptStatus.
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Transport.InterruptStatus & MmioRegisters.InterruptConfigChange);

        // Poll: post at the new ring, kick, spin on used idx in RAM. No InterruptStatus/ACK access at all.
        ulong avail = newBase[0] + 0x800, used = newBase[0] + 0x1000, desc = newBase[0];
        ulong input = h.Alloc(4), reply = h.Alloc(4);
        h.HostWrite(input, new byte[] { 9, 9, 9, 9 });
        h.WriteDescriptor(desc, 0, new Desc(input, 4, SplitRing.DescriptorFlagNext, 1));
        h.WriteDescriptor(desc, 1, new Desc(reply, 4, SplitRing.DescriptorFlagWrite, 0));
        h.WriteU16(avail + 4, 0);
        h.WriteU16(avail + 2, 1);
        h.Write(MmioRegisters.QueueNotify, 0);
        Assert.Equal(1, h.ReadU16(used + 2)); // first element at slot 0 of the fresh ring
        Assert.Equal(0u, h.ReadU32(used + 4));
        Assert.Equal(4u, h.ReadU32(used + 8));
        Assert.Equal(new byte[] { 9, 9, 9, 9 }, h.HostRead(reply, 4));

        // Normal phase afterwards: the pending interrupt is serviced; no second bring-up is needed.
        Assert.Equal(3u, h.ServiceInterrupt());
        Assert.False(h.Transport.InterruptLine);
        Assert.Equal(0x0Fu, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void DeviceFeaturesAreReadFromThePersonalityOnlyOnce()
    {
        var device = new CountingDevice();
        var t = new MmioTransport(device, new MemoryWindow(0x1000, 0x1000), new TransportOptions());
        for (int i = 0; i < 3; i++)
        {
            t.Write(MmioRegisters.Status, 4, 0);
            t.Write(MmioRegisters.DeviceFeaturesSel, 4, (uint)(i & 1));
            t.Read(MmioRegisters.DeviceFeatures, 4, out _);
            t.Write(MmioRegisters.Status, 4, 1);
            t.Write(MmioRegisters.Status, 4, 3);
            t.Write(MmioRegisters.DriverFeaturesSel, 4, 1);
            t.Write(MmioRegisters.DriverFeatures, 4, 1);
            t.Write(MmioRegisters.Status, 4, 0xB);
            Assert.Equal(0xBu, t.Status);
        }

        Assert.Equal(1, device.FeatureReads);
    }

    private sealed class CountingDevice : IVirtioPersonality
    {
        private readonly EchoTestDevice _inner = new();

        public int FeatureReads { get; private set; }

        public uint DeviceId => _inner.DeviceId;

        public ulong DeviceFeatures
        {
            get
            {
                FeatureReads++;
                return _inner.DeviceFeatures;
            }
        }

        public int QueueCount => _inner.QueueCount;

        public int ConfigSize => _inner.ConfigSize;

        public ushort GetQueueMaxSize(int queueIndex) => _inner.GetQueueMaxSize(queueIndex);

        public byte ReadConfigByte(int offset) => _inner.ReadConfigByte(offset);

        public void WriteConfigByte(int offset, byte value) => _inner.WriteConfigByte(offset, value);

        public void Attach(IDeviceHost host) => _inner.Attach(host);

        public void OnFeaturesNegotiated(ulong driverFeatures) => _inner.OnFeaturesNegotiated(driverFeatures);

        public void OnReset() => _inner.OnReset();

        public void HandleRequest(int queueIndex, VirtioRequest request) => _inner.HandleRequest(queueIndex, request);
    }
}
