using System.Buffers.Binary;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests.Devices;

/// <summary>
/// Just enough of the Linux virtio-mmio guest to talk to a clock or regulator device through the register file:
/// the probe/restore register sequence (standard offsets written out literally), one split queue laid out in guest
/// memory, and the driver's one-request-at-a-time transaction. Completion is observed by polling used->idx,
/// as the noirq restore path does; interrupts are acknowledged only when asked.
/// </summary>
internal sealed class GuestDriver
{
    public const ulong Base = 0x4000_0000;
    private const ulong DescAt = Base + 0x1000, AvailAt = Base + 0x2000, UsedAt = Base + 0x3000, BufferAt = Base + 0x4000, ReplyAt = Base + 0x5000;
    private const uint Acknowledge = 1, Driver = 2, DriverOk = 4, FeaturesOk = 8;
    private const ushort DescNext = 1, DescWrite = 2;

    private ushort _queueSize;
    private ushort _availIdx;
    private ushort _usedIdx;

    public GuestDriver(IVirtioPersonality device)
    {
        Memory = new MemoryWindow(Base, 0x8000);
        Transport = new MmioTransport(device, Memory, new TransportOptions());
    }

    public MemoryWindow Memory { get; }

    public MmioTransport Transport { get; }

    public uint ReadRegister(int offset, int width = 4)
    {
        Assert.Equal(MmioAccessResult.Ok, Transport.Read(offset, width, out uint value));
        return value;
    }

    public void WriteRegister(int offset, uint value)
    {
        Assert.Equal(MmioAccessResult.Ok, Transport.Write(offset, 4, value));
    }

    /// <summary>64-bit device feature word as the driver reads it (DeviceFeaturesSel 0 and 1).</summary>
    public ulong ReadDeviceFeatures()
    {
        WriteRegister(0x014, 0);
        ulong low = ReadRegister(0x010);
        WriteRegister(0x014, 1);
        return low | ((ulong)ReadRegister(0x010) << 32);
    }

    /// <summary>
    /// virtio core probe or restore: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queue 0 set up from
    /// scratch (reset_vqs), DRIVER_OK. The driver takes VERSION_1 plus the device feature bits it knows.
    /// </summary>
    public void BringUp(ulong driverKnows, bool driverOk = true)
    {
        Assert.Equal(0x74726976u, ReadRegister(0x000));
        Assert.Equal(2u, ReadRegister(0x004));
        WriteRegister(0x070, 0);
        WriteRegister(0x070, Acknowledge);
        WriteRegister(0x070, Acknowledge | Driver);
        ulong features = ReadDeviceFeatures() & (driverKnows | (1UL << 32));
        WriteRegister(0x024, 0);
        WriteRegister(0x020, (uint)features);
        WriteRegister(0x024, 1);
        WriteRegister(0x020, (uint)(features >> 32));
        WriteRegister(0x070, Acknowledge | Driver | FeaturesOk);
        Assert.Equal(Acknowledge | Driver | FeaturesOk, ReadRegister(0x070));

        WriteRegister(0x030, 0);
        Assert.Equal(0u, ReadRegister(0x044));
        _queueSize = (ushort)ReadRegister(0x034);
        Assert.True(_queueSize > 0);
        Memory.HostWrite(AvailAt, new byte[0x1000], 0, 0x1000);
        Memory.HostWrite(UsedAt, new byte[0x1000], 0, 0x1000);
        WriteRegister(0x038, _queueSize);
        WriteRegister(0x080, (uint)DescAt);
        WriteRegister(0x084, 0);
        WriteRegister(0x090, (uint)AvailAt);
        WriteRegister(0x094, 0);
        WriteRegister(0x0a0, (uint)UsedAt);
        WriteRegister(0x0a4, 0);
        WriteRegister(0x044, 1);
        _availIdx = 0;
        _usedIdx = 0;
        if (driverOk)
        {
            SetDriverOk();
        }
    }

    /// <summary>virtio_device_ready().</summary>
    public void SetDriverOk() => WriteRegister(0x070, Acknowledge | Driver | FeaturesOk | DriverOk);

    /// <summary>used->idx as the guest polls it.</summary>
    public ushort UsedIndex => ReadU16(UsedAt + 2);

    /// <summary>Status 0: the virtio reset of freeze / restore_noirq.</summary>
    public void Reset()
    {
        WriteRegister(0x070, 0);
        Assert.Equal(0u, ReadRegister(0x070));
    }

    /// <summary>Reads one config byte (virtio_cread_bytes / readb).</summary>
    public byte ReadConfigByte(int offset) => (byte)ReadRegister(0x100 + offset, 1);

    public uint ConfigGeneration => ReadRegister(0x0fc);

    public sealed record Completion(byte[] Readable, byte[] Writable, uint UsedId, uint UsedLength);

    /// <summary>
    /// One transaction as the driver makes it: the message as one device-readable descriptor (plus, for the
    /// spec-clean layout, a device-writable one), kick, then poll used->idx: exactly one new used element.
    /// </summary>
    public Completion Transact(byte[] message, int writableLength = 0)
    {
        Post(message, writableLength);
        WriteRegister(0x050, 0);
        return TakeCompletion(message.Length, writableLength);
    }

    /// <summary>virtqueue_add_outbuf (+ inbuf): places the buffers and publishes avail->idx, without a kick.</summary>
    public void Post(byte[] message, int writableLength = 0)
    {
        Memory.HostWrite(BufferAt, message, 0, message.Length);
        const ushort head = 0; // one request in flight: the previous one's descriptors are free again
        WriteDescriptor(head, BufferAt, (uint)message.Length, writableLength > 0 ? DescNext : (ushort)0, head + 1);
        if (writableLength > 0)
        {
            Memory.HostWrite(ReplyAt, new byte[writableLength], 0, writableLength);
            WriteDescriptor(head + 1, ReplyAt, (uint)writableLength, DescWrite, 0);
        }

        WriteU16(AvailAt + 4 + (ulong)(2 * (_availIdx % _queueSize)), head);
        _availIdx++;
        WriteU16(AvailAt + 2, _availIdx);
    }

    /// <summary>virtqueue_get_buf after polling: exactly one new used element, and nothing beyond it.</summary>
    public Completion TakeCompletion(int messageLength, int writableLength = 0)
    {
        Assert.Equal((ushort)(_usedIdx + 1), UsedIndex);
        ulong element = UsedAt + 4 + (ulong)(8 * (_usedIdx % _queueSize));
        _usedIdx++;

        var readable = new byte[messageLength];
        Memory.HostRead(BufferAt, readable, 0, readable.Length);
        var writable = new byte[writableLength];
        Memory.HostRead(ReplyAt, writable, 0, writableLength);
        return new Completion(readable, writable, ReadU32(element), ReadU32(element + 4));
    }

    /// <summary>Services the interrupt like vm_interrupt: read InterruptStatus, write it to InterruptACK.</summary>
    public uint AcknowledgeInterrupt()
    {
        uint status = ReadRegister(0x060);
        if (status != 0)
        {
            WriteRegister(0x064, status);
        }

        return status;
    }

    private void WriteDescriptor(ushort index, ulong address, uint length, ushort flags, ushort next)
    {
        var descriptor = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor, address);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(8), length);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor.AsSpan(12), flags);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor.AsSpan(14), next);
        Memory.HostWrite(DescAt + (ulong)(16 * index), descriptor, 0, 16);
    }

    private void WriteU16(ulong address, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        Memory.HostWrite(address, bytes, 0, 2);
    }

    private ushort ReadU16(ulong address)
    {
        var bytes = new byte[2];
        Memory.HostRead(address, bytes, 0, 2);
        return BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    private uint ReadU32(ulong address)
    {
        var bytes = new byte[4];
        Memory.HostRead(address, bytes, 0, 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }
}
