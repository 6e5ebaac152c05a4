using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests.Support;

/// <summary>A descriptor as the test driver lays it out.</summary>
public readonly record struct Desc(ulong Addr, uint Len, ushort Flags, ushort Next);

/// <summary>Records every interrupt-line level change the transport reports.</summary>
public sealed class LineRecorder : IInterruptLine
{
    public List<bool> Changes { get; } = new();

    public void SetLevel(bool asserted) => Changes.Add(asserted);
}

/// <summary>
/// Plays the driver side against an <see cref="MmioTransport"/>: register accesses the way Linux does them,
/// rings laid out in the <see cref="MemoryWindow"/>, buffers posted through the avail ring, used ring read back.
/// Memory map (offsets from the window base): queue q rings at q*0x2000 (desc +0, avail +0x800, used +0x1000),
/// indirect tables and data buffers from 0x10000 up (bump allocator).
/// </summary>
public sealed class DriverHarness
{
    public const ulong Base = 0x4000_0000;
    public const int WindowSize = 0x20000;
    public const ulong DataStart = Base + 0x10000;

    private readonly QueueLayout[] _queues;
    private ulong _nextData = DataStart;

    public DriverHarness(int queues = 2, ushort maxSize = 16, TransportOptions? options = null, int windowSize = WindowSize)
    {
        Device = new EchoTestDevice(queues, maxSize);
        Memory = new MemoryWindow(Base, windowSize);
        Options = options ?? new TransportOptions();
        Transport = new MmioTransport(Device, Memory, Options);
        Line = new LineRecorder();
        Transport.InterruptSink = Line;
        _queues = new QueueLayout[queues];
        for (int q = 0; q < queues; q++)
        {
            ulong region = Base + (ulong)(q * 0x2000);
            _queues[q] = new QueueLayout(region, region + 0x800, region + 0x1000);
        }
    }

    public EchoTestDevice Device { get; }

    public MemoryWindow Memory { get; }

    public TransportOptions Options { get; }

    public MmioTransport Transport { get; }

    public LineRecorder Line { get; }

    public bool Legacy => Options.Version == 1;

    /// <summary>The default feature set a Linux driver would accept from this device.</summary>
    public ulong DefaultDriverFeatures => Transport.OfferedFeatures & ~(VirtioFeatures.RingReset | VirtioFeatures.AccessPlatform);

    public QueueLayout Layout(int q) => _queues[q];

    public uint Read(int offset)
    {
        Assert.Equal(MmioAccessResult.Ok, Transport.Read(offset, 4, out uint value));
        return value;
    }

    public uint ReadRaw(int offset, out MmioAccessResult result, int width = 4)
    {
        result = Transport.Read(offset, width, out uint value);
        return value;
    }

    public void Write(int offset, uint value) => Assert.Equal(MmioAccessResult.Ok, Transport.Write(offset, 4, value));

    public MmioAccessResult WriteRaw(int offset, uint value, int width = 4) => Transport.Write(offset, width, value);

    /// <summary>Linux virtio_add_status: read Status, write it back with the bit added.</summary>
    public void AddStatus(uint bit) => Write(MmioRegisters.Status, Read(MmioRegisters.Status) | bit);

    public void Reset() => Write(MmioRegisters.Status, 0);

    public ulong ReadDeviceFeatures()
    {
        Write(MmioRegisters.DeviceFeaturesSel, 1);
        ulong high = Read(MmioRegisters.DeviceFeatures);
        Write(MmioRegisters.DeviceFeaturesSel, 0);
        return (high << 32) | Read(MmioRegisters.DeviceFeatures);
    }

    public void WriteDriverFeatures(ulong features)
    {
        Write(MmioRegisters.DriverFeaturesSel, 1);
        Write(MmioRegisters.DriverFeatures, (uint)(features >> 32));
        Write(MmioRegisters.DriverFeaturesSel, 0);
        Write(MmioRegisters.DriverFeatures, (uint)features);
    }

    /// <summary>Reset, ACK, DRIVER, features, FEATURES_OK (modern); returns whether FEATURES_OK stuck.</summary>
    public bool Negotiate(ulong? features = null)
    {
        Reset();
        AddStatus(DeviceStatus.Acknowledge);
        AddStatus(DeviceStatus.Driver);
        WriteDriverFeatures(features ?? DefaultDriverFeatures);
        if (Legacy)
        {
            return true;
        }

        AddStatus(DeviceStatus.FeaturesOk);
        return (Read(MmioRegisters.Status) & DeviceStatus.FeaturesOk) != 0;
    }

    /// <summary>Zeroes the rings of queue q (Linux allocates them zeroed) and programs the queue registers.</summary>
    public void SetupQueue(int q, ushort? size = null)
    {
        QueueLayout layout = _queues[q];
        Write(MmioRegisters.QueueSel, (uint)q);
        ushort max = (ushort)Read(MmioRegisters.QueueNumMax);
        layout.Size = size ?? max;
        layout.NextDesc = 0;
        layout.AvailIdx = 0;
        layout.UsedSeen = 0;
        Memory.HostWrite(layout.Desc, new byte[0x2000], 0, 0x2000);
        if (Legacy)
        {
            Assert.Equal(0u, Read(MmioRegisters.LegacyQueuePfn));
            Write(MmioRegisters.QueueNum, layout.Size);
            Write(MmioRegisters.LegacyQueueAlign, 0x800);
            // Legacy ring: desc | avail | pad to 0x800 | used. Page size 0x800 keeps the PFN exact.
            layout.Avail = layout.Desc + (ulong)(16 * layout.Size);
            layout.Used = (layout.Avail + 6 + (ulong)(2 * layout.Size) + 0x7FF) & ~0x7FFUL;
            Write(MmioRegisters.LegacyQueuePfn, (uint)(layout.Desc / 0x800));
            return;
        }

        Assert.Equal(0u, Read(MmioRegisters.QueueReady));
        Write(MmioRegisters.QueueNum, layout.Size);
        Write(MmioRegisters.QueueDescLow, (uint)layout.Desc);
        Write(MmioRegisters.QueueDescHigh, (uint)(layout.Desc >> 32));
        Write(MmioRegisters.QueueDriverLow, (uint)layout.Avail);
        Write(MmioRegisters.QueueDriverHigh, (uint)(layout.Avail >> 32));
        Write(MmioRegisters.QueueDeviceLow, (uint)layout.Used);
        Write(MmioRegisters.QueueDeviceHigh, (uint)(layout.Used >> 32));
        Write(MmioRegisters.QueueReady, 1);
    }

    public void DriverOk() => AddStatus(DeviceStatus.DriverOk);

    /// <summary>Full bring-up: negotiate, set up every queue, DRIVER_OK.</summary>
    public void BringUp(ulong? features = null)
    {
        if (Legacy)
        {
            Write(MmioRegisters.LegacyGuestPageSize, 0x800);
        }

        Assert.True(Negotiate(features));
        for (int q = 0; q < _queues.Length; q++)
        {
            SetupQueue(q);
        }

        DriverOk();
    }

    public ulong Alloc(int bytes)
    {
        ulong address = _nextData;
        _nextData += (ulong)((bytes + 15) & ~15);
        if (_nextData > Base + (ulong)Memory.Size)
        {
            _nextData = DataStart;
            address = _nextData;
            _nextData += (ulong)((bytes + 15) & ~15);
        }

        return address;
    }

    public void HostWrite(ulong address, byte[] data) => Assert.True(Memory.HostWrite(address, data, 0, data.Length));

    public byte[] HostRead(ulong address, int count)
    {
        byte[] data = new byte[count];
        Assert.True(Memory.HostRead(address, data, 0, count));
        return data;
    }

    public void WriteU16(ulong address, ushort value)
    {
        byte[] b = new byte[2];
        LittleEndian.WriteU16(b, 0, value);
        HostWrite(address, b);
    }

    public ushort ReadU16(ulong address) => LittleEndian.ReadU16(HostRead(address, 2), 0);

    public uint ReadU32(ulong address) => LittleEndian.ReadU32(HostRead(address, 4), 0);

    public void WriteDescriptor(ulong table, int index, Desc d)
    {
        byte[] b = new byte[16];
        LittleEndian.WriteU64(b, 0, d.Addr);
        LittleEndian.WriteU32(b, 8, d.Len);
        LittleEndian.WriteU16(b, 12, d.Flags);
        LittleEndian.WriteU16(b, 14, d.Next);
        HostWrite(table + (ulong)(16 * index), b);
    }

    /// <summary>Writes a chain into the queue's descriptor table (consecutive free slots) and returns its head.</summary>
    public ushort WriteChain(int q, params Desc[] chain)
    {
        QueueLayout layout = _queues[q];
        ushort head = (ushort)(layout.NextDesc % layout.Size);
        for (int i = 0; i < chain.Length; i++)
        {
            int index = (head + i) % layout.Size;
            Desc d = chain[i];
            if (i < chain.Length - 1 && d.Next == 0 && (d.Flags & SplitRing.DescriptorFlagNext) == 0)
            {
                d = d with { Flags = (ushort)(d.Flags | SplitRing.DescriptorFlagNext), Next = (ushort)((index + 1) % layout.Size) };
            }

            WriteDescriptor(layout.Desc, index, d);
        }

        layout.NextDesc += chain.Length;
        return head;
    }

    /// <summary>Puts <paramref name="head"/> in the next avail slot and publishes avail idx (no notify).</summary>
    public void MakeAvailable(int q, ushort head)
    {
        QueueLayout layout = _queues[q];
        WriteU16(layout.Avail + 4 + (ulong)(2 * (layout.AvailIdx % layout.Size)), head);
        layout.AvailIdx++;
        WriteU16(layout.Avail + 2, layout.AvailIdx);
    }

    public void SetAvailIdx(int q, ushort idx)
    {
        _queues[q].AvailIdx = idx;
        WriteU16(_queues[q].Avail + 2, idx);
    }

    public void SetAvailFlags(int q, ushort flags) => WriteU16(_queues[q].Avail, flags);

    public void SetUsedEvent(int q, ushort value) => WriteU16(_queues[q].Avail + 4 + (ulong)(2 * _queues[q].Size), value);

    public ushort AvailEvent(int q) => ReadU16(_queues[q].Used + 4 + (ulong)(8 * _queues[q].Size));

    /// <summary>Posts one echo request (readable data, writable buffer) and returns (head, reply address).</summary>
    public (ushort Head, ulong Reply) PostEcho(int q, byte[] data, int writable)
    {
        ulong input = Alloc(data.Length);
        ulong reply = Alloc(writable);
        HostWrite(input, data);
        ushort head = WriteChain(q,
            new Desc(input, (uint)data.Length, 0, 0),
            new Desc(reply, (uint)writable, SplitRing.DescriptorFlagWrite, 0));
        MakeAvailable(q, head);
        return (head, reply);
    }

    public void Notify(int q) => Write(MmioRegisters.QueueNotify, (uint)q);

    public ushort UsedIdx(int q) => ReadU16(_queues[q].Used + 2);

    public (uint Id, uint Len) UsedElem(int q, int slot)
    {
        QueueLayout layout = _queues[q];
        ulong e = layout.Used + 4 + (ulong)(8 * (slot % layout.Size));
        return (ReadU32(e), ReadU32(e + 4));
    }

    /// <summary>Like Linux virtqueue_get_buf: the next used element, or null if none.</summary>
    public (uint Id, uint Len)? PopUsed(int q)
    {
        QueueLayout layout = _queues[q];
        if (UsedIdx(q) == layout.UsedSeen)
        {
            return null;
        }

        var e = UsedElem(q, layout.UsedSeen);
        layout.UsedSeen++;
        return e;
    }

    public void Ack(uint bits) => Write(MmioRegisters.InterruptAck, bits);

    /// <summary>Linux vm_interrupt: read InterruptStatus, write the same value to InterruptACK.</summary>
    public uint ServiceInterrupt()
    {
        uint status = Read(MmioRegisters.InterruptStatus);
        Ack(status);
        return status;
    }

    public uint ReadConfig(int offset, int width)
    {
        Assert.Equal(MmioAccessResult.Ok, Transport.Read(MmioRegisters.Config + offset, width, out uint value));
        return value;
    }
}

public sealed class QueueLayout
{
    public QueueLayout(ulong desc, ulong avail, ulong used)
    {
        Desc = desc;
        Avail = avail;
        Used = used;
    }

    public ulong Desc { get; }

    public ulong Avail { get; set; }

    public ulong Used { get; set; }

    public ushort Size { get; set; }

    public int NextDesc { get; set; }

    public ushort AvailIdx { get; set; }

    public ushort UsedSeen { get; set; }
}
