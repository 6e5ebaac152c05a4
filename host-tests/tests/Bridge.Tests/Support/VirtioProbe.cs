using System.Buffers.Binary;
using LinuxVirtio.Bus;

namespace Bridge.Tests.Support;

/// <summary>
/// A small virtio-mmio driver written straight against <see cref="IVirtioMmioBus"/>: probe (reset, status
/// handshake, VERSION_1, one split queue), echo requests polled from the used ring, and the register sequence
/// of a noirq restore (reset, renegotiate, reset_vqs, DRIVER_OK). It lets the bridge be tested on real
/// register and ring traffic independently of the driver model.
/// </summary>
internal sealed class VirtioProbe(IVirtioMmioBus bus, ulong area)
{
    public const int Magic = 0x000, Version = 0x004, DeviceId = 0x008, DeviceFeatures = 0x010, DeviceFeaturesSel = 0x014;
    public const int DriverFeatures = 0x020, DriverFeaturesSel = 0x024, QueueSel = 0x030, QueueNumMax = 0x034, QueueNum = 0x038;
    public const int QueueReady = 0x044, QueueNotify = 0x050, InterruptStatus = 0x060, InterruptAck = 0x064, Status = 0x070;
    public const int QueueDescLow = 0x080, QueueDescHigh = 0x084, QueueDriverLow = 0x090, QueueDriverHigh = 0x094;
    public const int QueueDeviceLow = 0x0a0, QueueDeviceHigh = 0x0a4;

    private const ushort QueueSize = 8;
    private ushort _availIdx;
    private ushort _usedIdx;

    private ulong Desc => area;
    private ulong Avail => area + 0x100;
    private ulong Used => area + 0x200;
    private ulong Out => area + 0x400;
    private ulong In => area + 0x500;

    /// <summary>QueueNotify writes issued (what the device's Notifies counter must match).</summary>
    public uint NotifiesSent { get; private set; }

    public int InterruptEdges { get; private set; }

    public void Probe()
    {
        Assert.Equal(0x74726976u, bus.Read(Magic, 4));
        Assert.Equal(2u, bus.Read(Version, 4));
        bus.InterruptLineChanged += level => InterruptEdges += level ? 1 : 0;
        Initialise();
    }

    /// <summary>reset, ACK, DRIVER, features, FEATURES_OK, queue 0, DRIVER_OK: probe and restore_noirq alike.</summary>
    public void Initialise()
    {
        bus.Write(Status, 4, 0);
        Assert.Equal(0u, bus.Read(Status, 4));
        bus.ReadModifyWriteOr(Status, 1);
        bus.ReadModifyWriteOr(Status, 2);
        bus.Write(DeviceFeaturesSel, 4, 1);
        Assert.True((bus.Read(DeviceFeatures, 4) & 1) != 0, "device must offer VERSION_1");
        bus.Write(DriverFeaturesSel, 4, 1);
        bus.Write(DriverFeatures, 4, 1);
        bus.Write(DriverFeaturesSel, 4, 0);
        bus.Write(DriverFeatures, 4, 0);
        bus.ReadModifyWriteOr(Status, 8);
        Assert.Equal(0xBu, bus.Read(Status, 4));
        ResetQueues();
        bus.ReadModifyWriteOr(Status, 4);
        bus.Flush();
    }

    /// <summary>What vm_reset_vqs does: re-init the rings in memory and re-program the queue without reading it.</summary>
    public void ResetQueues()
    {
        bus.WriteMemory(area, new byte[0x300]);
        _availIdx = 0;
        _usedIdx = 0;
        bus.Write(QueueSel, 4, 0);
        bus.Write(QueueNum, 4, QueueSize);
        bus.Write(QueueDescLow, 4, (uint)Desc);
        bus.Write(QueueDescHigh, 4, (uint)(Desc >> 32));
        bus.Write(QueueDriverLow, 4, (uint)Avail);
        bus.Write(QueueDriverHigh, 4, (uint)(Avail >> 32));
        bus.Write(QueueDeviceLow, 4, (uint)Used);
        bus.Write(QueueDeviceHigh, 4, (uint)(Used >> 32));
        bus.Write(QueueReady, 4, 1);
    }

    /// <summary>Sends <paramref name="payload"/> to the echo device, polls the used ring, returns the echoed bytes.</summary>
    public byte[] Echo(byte[] payload)
    {
        var desc = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(desc, Out);
        BinaryPrimitives.WriteUInt32LittleEndian(desc.AsSpan(8), (uint)payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(desc.AsSpan(12), 1); // NEXT
        BinaryPrimitives.WriteUInt16LittleEndian(desc.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(desc.AsSpan(16), In);
        BinaryPrimitives.WriteUInt32LittleEndian(desc.AsSpan(24), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(desc.AsSpan(28), 2); // WRITE
        bus.WriteMemory(Out, payload);
        bus.WriteMemory(Desc, desc);
        var slot = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(slot, 0);
        bus.WriteMemory(Avail + 4 + (ulong)(2 * (_availIdx % QueueSize)), slot);
        _availIdx++;
        BinaryPrimitives.WriteUInt16LittleEndian(slot, _availIdx);
        bus.WriteMemory(Avail + 2, slot);
        bus.Write(QueueNotify, 4, 0);
        NotifiesSent++;

        var used = new byte[2];
        for (int poll = 0; ; poll++)
        {
            bus.ReadMemory(Used + 2, used);
            if (BinaryPrimitives.ReadUInt16LittleEndian(used) != _usedIdx)
            {
                break;
            }

            Assert.True(poll < 100, "the device did not complete the request");
        }

        var element = new byte[8];
        bus.ReadMemory(Used + 4 + (ulong)(8 * (_usedIdx % QueueSize)), element);
        _usedIdx++;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(element.AsSpan(4));
        var echoed = new byte[length];
        bus.ReadMemory(In, echoed);

        // The used-buffer interrupt: acknowledge it like vm_interrupt would.
        uint pending = bus.Read(InterruptStatus, 4);
        if (pending != 0)
        {
            bus.Write(InterruptAck, 4, pending);
            bus.Flush();
        }

        return echoed;
    }
}
