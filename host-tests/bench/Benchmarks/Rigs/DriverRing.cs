using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Benchmarks.Rigs;

/// <summary>
/// The driver's side of one split queue, played straight onto a transport and its memory window: probe-style
/// bring-up (VERSION_1 only, so no EVENT_IDX), one descriptor per request, avail entries pre-filled so that
/// posting a request is a single 2-byte avail idx store. Allocation-free after construction.
/// </summary>
public sealed class DriverRing
{
    public const ushort Size = 16;

    private readonly MmioTransport _transport;
    private readonly MemoryWindow _memory;
    private readonly int _queue;
    private readonly byte[] _idx = new byte[2];
    private ushort _availIdx;

    /// <param name="area">Start of a free, 16-byte aligned area of at least 4 KiB in the window.</param>
    public DriverRing(MmioTransport transport, int queue, ulong area)
    {
        _transport = transport;
        _memory = transport.Memory;
        _queue = queue;
        Descriptors = area;
        Avail = area + 16 * Size;
        Used = (Avail + 6 + 2u * Size + 3) & ~3UL;
        Buffers = area + 0x800;
    }

    public ulong Descriptors { get; }

    public ulong Avail { get; }

    public ulong Used { get; }

    /// <summary>Where request buffers go (2 KiB).</summary>
    public ulong Buffers { get; }

    /// <summary>Reset, ACK, DRIVER, VERSION_1, FEATURES_OK for a modern device; throws if the device refuses.</summary>
    public static void Negotiate(MmioTransport transport)
    {
        Must(transport.Write(MmioRegisters.Status, 4, 0));
        Must(transport.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge));
        Must(transport.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge | DeviceStatus.Driver));
        Must(transport.Write(MmioRegisters.DriverFeaturesSel, 4, 1));
        Must(transport.Write(MmioRegisters.DriverFeatures, 4, 1)); // VERSION_1 (bit 32)
        Must(transport.Write(MmioRegisters.DriverFeaturesSel, 4, 0));
        Must(transport.Write(MmioRegisters.DriverFeatures, 4, 0));
        Must(transport.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk));
        if ((transport.Status & DeviceStatus.FeaturesOk) == 0)
        {
            throw new InvalidOperationException("the device refused FEATURES_OK");
        }
    }

    public static void DriverOk(MmioTransport transport)
    {
        Must(transport.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk));
    }

    /// <summary>Programs and enables the queue, with every avail entry pointing at descriptor 0.</summary>
    public void Enable()
    {
        var zero = new byte[0x800];
        _memory.HostWrite(Descriptors, zero, 0, zero.Length);
        for (int i = 0; i < Size; i++)
        {
            var entry = new byte[2];
            _memory.HostWrite(Avail + 4 + (ulong)(2 * i), entry, 0, 2);
        }

        Must(_transport.Write(MmioRegisters.QueueSel, 4, (uint)_queue));
        Must(_transport.Write(MmioRegisters.QueueNum, 4, Size));
        Must(_transport.Write(MmioRegisters.QueueDescLow, 4, (uint)Descriptors));
        Must(_transport.Write(MmioRegisters.QueueDescHigh, 4, (uint)(Descriptors >> 32)));
        Must(_transport.Write(MmioRegisters.QueueDriverLow, 4, (uint)Avail));
        Must(_transport.Write(MmioRegisters.QueueDriverHigh, 4, (uint)(Avail >> 32)));
        Must(_transport.Write(MmioRegisters.QueueDeviceLow, 4, (uint)Used));
        Must(_transport.Write(MmioRegisters.QueueDeviceHigh, 4, (uint)(Used >> 32)));
        Must(_transport.Write(MmioRegisters.QueueReady, 4, 1));
    }

    /// <summary>Descriptor 0 = one device-readable buffer (the compatibility write-back layout).</summary>
    public void SetSingleReadableDescriptor(ulong address, uint length)
    {
        var d = new byte[16];
        LittleEndian.WriteU64(d, 0, address);
        LittleEndian.WriteU32(d, 8, length);
        _memory.HostWrite(Descriptors, d, 0, d.Length);
    }

    /// <summary>Makes descriptor chain 0 available once more (one 2-byte store; allocation-free).</summary>
    public void Post()
    {
        _availIdx++;
        LittleEndian.WriteU16(_idx, 0, _availIdx);
        _memory.HostWrite(Avail + 2, _idx, 0, 2);
    }

    /// <summary>Post + QueueNotify: one request through the device.</summary>
    public MmioAccessResult PostAndNotify()
    {
        Post();
        return _transport.Write(MmioRegisters.QueueNotify, 4, (uint)_queue);
    }

    public ushort ReadUsedIdx()
    {
        _memory.HostRead(Used + 2, _idx, 0, 2);
        return LittleEndian.ReadU16(_idx, 0);
    }

    private static void Must(MmioAccessResult result)
    {
        if (result != MmioAccessResult.Ok)
        {
            throw new InvalidOperationException($"register access refused: {result}");
        }
    }
}
