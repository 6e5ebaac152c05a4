using LinuxVirtio.Bus;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Benchmarks.Restore;

/// <summary>
/// The register and memory traffic of one Linux restore_noirq of a modern 2-queue device, in the order of the noirq
/// RFC (virtio-noirq-restore.md §1.3, §1.4, §2.1): reset; add ACK; add DRIVER; write the saved features (high
/// word first); add FEATURES_OK and read it back; reset_vqs (reinit each split ring in memory, then QueueSel,
/// QueueNum, the six address words, QueueReady=1, with no QueueNumMax/QueueReady reads); add DRIVER_OK; then the
/// driver's restore_noirq posts one request on each queue, kicks it and polls its used ring (no interrupt handler);
/// the core's final Status read ends the phase. This is, access for access, the resume_noirq phase of the driver
/// model's S2-noirq-happy-path-2q scenario (`model-trace S2-noirq-happy-path-2q resume_noirq`); only the feature
/// word differs (VERSION_1 alone here).
/// It talks only to <see cref="IVirtioMmioBus"/>, so the same cycle runs in process and over every bridge link.
/// Buffers are allocated once: the cycle itself adds nothing but what the bus allocates.
/// </summary>
public sealed class RestoreNoirqCycle
{
    public const ushort QueueSize = 16;
    public const int Queues = 2;
    private const int PayloadBytes = 8;
    private const int MaxPolls = 10_000;

    private readonly IVirtioMmioBus _bus;
    private readonly ulong[] _desc = new ulong[Queues];
    private readonly ulong[] _avail = new ulong[Queues];
    private readonly ulong[] _used = new ulong[Queues];
    private readonly ulong[] _buffers = new ulong[Queues];
    private readonly byte[] _zero4 = new byte[4];
    private readonly byte[] _chain = new byte[32];
    private readonly byte[] _kick = new byte[4];
    private readonly byte[] _payload = new byte[PayloadBytes];
    private readonly byte[] _usedHead = new byte[10];

    /// <param name="area">A free, 4 KiB aligned area of 12 KiB in the bus's memory window.</param>
    public RestoreNoirqCycle(IVirtioMmioBus bus, ulong area)
    {
        _bus = bus;
        for (int q = 0; q < Queues; q++)
        {
            ulong ring = area + (ulong)(q * 0x1000);
            _desc[q] = ring;
            _avail[q] = ring + 16 * QueueSize;
            _used[q] = ring + 0x800;
            _buffers[q] = area + 0x2000 + (ulong)(q * 0x200);
        }

        // Descriptor 0: readable payload -> NEXT 1; descriptor 1: writable echo area (addresses filled per queue).
        // Written at every cycle (the driver re-adds its buffer after reinit): nothing may survive the suspend.
        LittleEndian.WriteU32(_chain, 8, PayloadBytes);
        LittleEndian.WriteU16(_chain, 12, 1); // NEXT
        LittleEndian.WriteU16(_chain, 14, 1);
        LittleEndian.WriteU32(_chain, 24, PayloadBytes);
        LittleEndian.WriteU16(_chain, 28, 2); // WRITE
        LittleEndian.WriteU16(_kick, 0, 1);   // avail idx = 1
        LittleEndian.WriteU16(_kick, 2, 0);   // avail ring[0] = head 0
        for (int i = 0; i < PayloadBytes; i++)
        {
            _payload[i] = (byte)(0xA0 + i);
        }
    }

    /// <summary>Cycles completed.</summary>
    public int Cycles { get; private set; }

    /// <summary>Cold probe (§2.1): identification, reset, negotiation, both queues, DRIVER_OK.</summary>
    public void Probe()
    {
        Expect(_bus.Read(MmioRegisters.MagicValue, 4) == MmioRegisters.MagicValueExpected, "MagicValue");
        Expect(_bus.Read(MmioRegisters.Version, 4) == 2, "Version 2");
        Expect(_bus.Read(MmioRegisters.DeviceId, 4) != 0, "DeviceID");
        _bus.Write(MmioRegisters.Status, 4, 0); // register_virtio_device resets first
        Negotiate();
        for (int q = 0; q < Queues; q++)
        {
            _bus.Write(MmioRegisters.QueueSel, 4, (uint)q);
            Expect(_bus.Read(MmioRegisters.QueueReady, 4) == 0, "queue not ready at probe");
            Expect(_bus.Read(MmioRegisters.QueueNumMax, 4) >= QueueSize, "QueueNumMax");
            ProgramQueue(q);
        }

        _bus.ReadModifyWriteOr(MmioRegisters.Status, DeviceStatus.DriverOk);
    }

    /// <summary>One restore_noirq, ending with the polled request completed. Throws if the device diverges.</summary>
    public void Run()
    {
        _bus.Write(MmioRegisters.Status, 4, 0);
        Negotiate();
        for (int q = 0; q < Queues; q++)
        {
            ProgramQueue(q);
        }

        _bus.ReadModifyWriteOr(MmioRegisters.Status, DeviceStatus.DriverOk);

        // The driver's restore_noirq: one request per queue, kicked and polled.
        for (int q = 0; q < Queues; q++)
        {
            LittleEndian.WriteU64(_chain, 0, _buffers[q]);
            LittleEndian.WriteU64(_chain, 16, _buffers[q] + 0x100);
            _bus.WriteMemory(_buffers[q], _payload);
            _bus.WriteMemory(_desc[q], _chain);
            _bus.WriteMemory(_avail[q] + 2, _kick);
            _bus.Write(MmioRegisters.QueueNotify, 4, (uint)q);
            for (int poll = 0; ; poll++)
            {
                _bus.ReadMemory(_used[q] + 2, _usedHead);
                if (LittleEndian.ReadU16(_usedHead, 0) == 1)
                {
                    break;
                }

                Expect(poll < MaxPolls, "used ring never advanced");
            }

            Expect(LittleEndian.ReadU32(_usedHead, 2) == 0 && LittleEndian.ReadU32(_usedHead, 6) == PayloadBytes, "used element {0, 8}");
        }

        Expect((_bus.Read(MmioRegisters.Status, 4) & DeviceStatus.DriverOk) != 0, "DRIVER_OK after restore_noirq");
        Cycles++;
    }

    private void Negotiate()
    {
        _bus.ReadModifyWriteOr(MmioRegisters.Status, DeviceStatus.Acknowledge);
        _bus.ReadModifyWriteOr(MmioRegisters.Status, DeviceStatus.Driver);
        _bus.Write(MmioRegisters.DriverFeaturesSel, 4, 1);
        _bus.Write(MmioRegisters.DriverFeatures, 4, 1); // VERSION_1
        _bus.Write(MmioRegisters.DriverFeaturesSel, 4, 0);
        _bus.Write(MmioRegisters.DriverFeatures, 4, 0);
        _bus.ReadModifyWriteOr(MmioRegisters.Status, DeviceStatus.FeaturesOk);
        Expect((_bus.Read(MmioRegisters.Status, 4) & DeviceStatus.FeaturesOk) != 0, "FEATURES_OK accepted");
    }

    // virtqueue_reinit_vring (avail flags/idx and used flags/idx to 0), then vm_reset_vqs' register writes.
    private void ProgramQueue(int q)
    {
        _bus.WriteMemory(_avail[q], _zero4);
        _bus.WriteMemory(_used[q], _zero4);
        _bus.Write(MmioRegisters.QueueSel, 4, (uint)q);
        _bus.Write(MmioRegisters.QueueNum, 4, QueueSize);
        _bus.Write(MmioRegisters.QueueDescLow, 4, (uint)_desc[q]);
        _bus.Write(MmioRegisters.QueueDescHigh, 4, (uint)(_desc[q] >> 32));
        _bus.Write(MmioRegisters.QueueDriverLow, 4, (uint)_avail[q]);
        _bus.Write(MmioRegisters.QueueDriverHigh, 4, (uint)(_avail[q] >> 32));
        _bus.Write(MmioRegisters.QueueDeviceLow, 4, (uint)_used[q]);
        _bus.Write(MmioRegisters.QueueDeviceHigh, 4, (uint)(_used[q] >> 32));
        _bus.Write(MmioRegisters.QueueReady, 4, 1);
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"restore_noirq cycle diverged: {what}");
        }
    }
}
