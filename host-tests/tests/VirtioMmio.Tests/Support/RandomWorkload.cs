using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests.Support;

/// <summary>Interrupt sink that records without allocating: last level and number of changes.</summary>
public sealed class LevelProbe : IInterruptLine
{
    public bool Level { get; private set; }

    public int Changes { get; private set; }

    public bool SawRedundantChange { get; private set; }

    public void SetLevel(bool asserted)
    {
        SawRedundantChange |= asserted == Level;
        Level = asserted;
        Changes++;
    }
}

/// <summary>
/// A driver that does random things — valid bring-ups and requests, random register accesses, ring corruption,
/// device-side config changes — decoded from a stream of (kind, a, b) words. Used by the FsCheck properties and by the
/// allocation test; it allocates nothing after construction, so any allocation measured is the core's.
/// Memory map: queue q rings at Base + q*0x1000 (desc +0, avail +0x200, used +0x300), data from Base + 0x4000.
/// </summary>
public sealed class RandomWorkload
{
    public const ulong Base = 0x2000_0000;
    public const int WindowSize = 0x8000;
    private const ulong DataBase = Base + 0x4000;
    private const int DataSize = 0x4000;

    private readonly byte[] _scratch = new byte[16];
    private readonly byte[] _payload = new byte[64];
    private readonly int _queues;

    public RandomWorkload(int version, int queues = 2, ushort maxSize = 16)
    {
        _queues = queues;
        Version = version;
        Device = new EchoTestDevice(queues, maxSize);
        Memory = new MemoryWindow(Base, WindowSize);
        Transport = new MmioTransport(Device, Memory, new TransportOptions { Version = version, OfferRingReset = version == 2 });
        Probe = new LevelProbe();
        Transport.InterruptSink = Probe;
        for (int i = 0; i < _payload.Length; i++)
        {
            _payload[i] = (byte)(i * 13);
        }
    }

    public int Version { get; }

    public EchoTestDevice Device { get; }

    public MemoryWindow Memory { get; }

    public MmioTransport Transport { get; }

    public LevelProbe Probe { get; }

    /// <summary>Largest number of device memory accesses one register access may cause (every walk bounded).</summary>
    public long MemoryAccessBound
    {
        get
        {
            long perChain = 1 + (4 * (VirtioRequest.MaxSegments + 1)) + (2 * ((WindowSize / 64) + 1) * VirtioRequest.MaxSegments) + 4 + 2;
            long total = 2;
            for (int q = 0; q < _queues; q++)
            {
                total += 2 + (Transport.GetQueue(q).MaxSize * perChain);
            }

            return total;
        }
    }

    public void Apply(uint kind, uint a, uint b)
    {
        switch (kind % 12)
        {
            case 0:
                Transport.Read((int)(a % 0x120), Width(b), out _);
                break;
            case 1:
                Transport.Write((int)(a % 0x120), Width(b), b);
                break;
            case 2:
                BringUp(b);
                break;
            case 3:
                Post((int)(a % (uint)_queues), (int)(b % 48), (int)((b >> 8) % 48), (b & 0x10000) != 0);
                break;
            case 4:
                Transport.Write(MmioRegisters.QueueNotify, 4, a % (uint)(_queues + 1));
                break;
            case 5:
                Transport.Write(MmioRegisters.InterruptAck, 4, a);
                break;
            case 6:
                Device.ChangeConfig();
                break;
            case 7:
                Corrupt((int)(a % (uint)_queues), b, a >> 8);
                break;
            case 8:
                Transport.Write(MmioRegisters.Status, 4, a & 0xFF);
                break;
            case 9:
                Transport.Write(MmioRegisters.Status, 4, 0);
                break;
            case 10:
                Transport.Write(MmioRegisters.QueueSel, 4, a % (uint)(_queues + 1));
                Transport.Write(Version == 1 ? MmioRegisters.LegacyQueuePfn : MmioRegisters.QueueReady, 4, b & 1);
                break;
            default:
                Transport.Read(MmioRegisters.Config + (int)(a % 20), Width(b), out _);
                Transport.Write(MmioRegisters.Config + (int)(b % 20), Width(a), a);
                break;
        }
    }

    /// <summary>Throws (xunit assertion) if any invariant is broken.</summary>
    public void CheckInvariants()
    {
        uint status = Transport.Status;
        Assert.Equal(0u, status & ~(DeviceStatus.SequenceMask | DeviceStatus.DeviceNeedsReset | DeviceStatus.Failed));
        uint sequence = status & DeviceStatus.SequenceMask;
        if (Version == 2)
        {
            Assert.Contains(sequence, new uint[] { 0, 0x1, 0x3, 0xB, 0xF });
        }
        else
        {
            Assert.Contains(sequence, new uint[] { 0, 0x1, 0x3, 0x7 });
        }

        Assert.Equal(0u, Transport.InterruptStatus & ~MmioRegisters.InterruptValidMask);
        Assert.Equal(Transport.InterruptStatus != 0, Transport.InterruptLine);
        Assert.Equal(Transport.InterruptLine, Probe.Level);
        Assert.False(Probe.SawRedundantChange);
        Assert.Equal(0, Memory.DeviceFaults);
        if (sequence == 0)
        {
            for (int q = 0; q < _queues; q++)
            {
                Assert.False(Transport.GetQueue(q).Ready);
            }
        }
    }

    private static int Width(uint selector)
    {
        switch (selector % 8)
        {
            case 0:
                return 1;
            case 1:
                return 2;
            case 2:
                return 8;
            default:
                return 4;
        }
    }

    private ulong DescOf(int q) => Base + (ulong)(q * 0x1000);

    private ulong AvailOf(int q) => DescOf(q) + 0x200;

    private ulong UsedOf(int q) => DescOf(q) + 0x300;

    /// <summary>The Linux sequence, start to DRIVER_OK, with fresh zeroed rings; <paramref name="b"/> picks sizes and features.</summary>
    private void BringUp(uint b)
    {
        Transport.Write(MmioRegisters.Status, 4, 0);
        if (Version == 1)
        {
            Transport.Write(MmioRegisters.LegacyGuestPageSize, 4, 0x1000);
        }

        Transport.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge);
        Transport.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge | DeviceStatus.Driver);
        ulong features = Transport.OfferedFeatures & ~((b & 1) != 0 ? VirtioFeatures.EventIdx : 0) & ~((b & 2) != 0 ? VirtioFeatures.IndirectDescriptors : 0);
        Transport.Write(MmioRegisters.DriverFeaturesSel, 4, 1);
        Transport.Write(MmioRegisters.DriverFeatures, 4, (uint)(features >> 32));
        Transport.Write(MmioRegisters.DriverFeaturesSel, 4, 0);
        Transport.Write(MmioRegisters.DriverFeatures, 4, (uint)features);
        if (Version == 2)
        {
            Transport.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        }

        for (int q = 0; q < _queues; q++)
        {
            System.Array.Clear(_scratch, 0, _scratch.Length);
            for (int off = 0; off < 0x1000; off += 16)
            {
                Memory.HostWrite(DescOf(q) + (ulong)off, _scratch, 0, 16);
            }

            Transport.Write(MmioRegisters.QueueSel, 4, (uint)q);
            uint size = 1u << (int)((b >> 4) % 5); // 1..16
            Transport.Write(MmioRegisters.QueueNum, 4, size);
            if (Version == 1)
            {
                // Legacy single ring with QueueAlign 0x100: desc | avail | used at +0x100..0x300 (fits for size <= 16).
                Transport.Write(MmioRegisters.LegacyQueueAlign, 4, 0x100);
                Transport.Write(MmioRegisters.LegacyQueuePfn, 4, (uint)(DescOf(q) / 0x1000));
                continue;
            }

            Transport.Write(MmioRegisters.QueueDescLow, 4, (uint)DescOf(q));
            Transport.Write(MmioRegisters.QueueDescHigh, 4, 0);
            Transport.Write(MmioRegisters.QueueDriverLow, 4, (uint)AvailOf(q));
            Transport.Write(MmioRegisters.QueueDriverHigh, 4, 0);
            Transport.Write(MmioRegisters.QueueDeviceLow, 4, (uint)UsedOf(q));
            Transport.Write(MmioRegisters.QueueDeviceHigh, 4, 0);
            Transport.Write(MmioRegisters.QueueReady, 4, 1);
        }

        uint ok = Version == 2 ? 0xFu : 0x7u;
        Transport.Write(MmioRegisters.Status, 4, ok);
    }

    /// <summary>Posts one well-formed echo request on queue q (two descriptors) using the queue's current layout.</summary>
    private void Post(int q, int readable, int writable, bool kick)
    {
        SplitQueue queue = Transport.GetQueue(q);
        ulong desc = queue.DescAddress, avail = queue.DriverAddress;
        int size = queue.Size;
        if (!Memory.Contains(desc, (ulong)(16 * size)) || !Memory.Contains(avail, (ulong)(6 + (2 * size))))
        {
            return;
        }

        Memory.HostRead(avail + 2, _scratch, 0, 2);
        ushort idx = LittleEndian.ReadU16(_scratch, 0);
        ushort head = (ushort)((idx * 2) % size);
        ushort second = (ushort)((head + 1) % size);
        ulong input = DataBase + (ulong)((idx * 128) % DataSize);
        Memory.HostWrite(input, _payload, 0, 48);
        WriteDescriptor(desc, head, input, (uint)readable, size > 1 ? SplitRing.DescriptorFlagNext : (ushort)0, second);
        if (size > 1)
        {
            WriteDescriptor(desc, second, input + 64, (uint)writable, SplitRing.DescriptorFlagWrite, 0);
        }

        LittleEndian.WriteU16(_scratch, 0, head);
        Memory.HostWrite(avail + 4 + (ulong)(2 * (idx % size)), _scratch, 0, 2);
        LittleEndian.WriteU16(_scratch, 0, (ushort)(idx + 1));
        Memory.HostWrite(avail + 2, _scratch, 0, 2);
        if (kick)
        {
            Transport.Write(MmioRegisters.QueueNotify, 4, (uint)q);
        }
    }

    private void WriteDescriptor(ulong table, int index, ulong address, uint length, ushort flags, ushort next)
    {
        LittleEndian.WriteU64(_scratch, 0, address);
        LittleEndian.WriteU32(_scratch, 8, length);
        LittleEndian.WriteU16(_scratch, 12, flags);
        LittleEndian.WriteU16(_scratch, 14, next);
        Memory.HostWrite(table + (ulong)(16 * index), _scratch, 0, 16);
    }

    /// <summary>Writes a random 32-bit word somewhere in queue q's ring area (descriptors, avail or used).</summary>
    private void Corrupt(int q, uint value, uint where)
    {
        LittleEndian.WriteU32(_scratch, 0, value);
        Memory.HostWrite(DescOf(q) + (where % (0x400 - 4)), _scratch, 0, 4);
    }
}
