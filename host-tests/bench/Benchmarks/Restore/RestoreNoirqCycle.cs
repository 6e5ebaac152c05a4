using BridgeHost.Speculation;
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
/// The reads whose answer the driver can predict are announced as such: the status read-modify-writes (their old
/// value is not used), the FEATURES_OK read-back, each used-ring poll (a noirq device completes the request inside
/// QueueNotify) and the final Status read. With <c>speculate</c>, the cycle runs under a <see cref="SpeculativeRunner"/>:
/// over the bridge the whole cycle then goes out as one request, and a wrong prediction costs a re-run from the
/// journal, not a wrong result (a device that completes on the second poll is followed poll by poll).
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
    private readonly byte[] _expectedUsedHead = new byte[10];
    private readonly SpeculativeRunner? _runner;
    private readonly Action<IVirtioMmioBus> _runOnce;

    /// <param name="area">A free, 4 KiB aligned area of 12 KiB in the bus's memory window.</param>
    /// <param name="speculate">Run each cycle under a <see cref="SpeculativeRunner"/> (for bridge buses).</param>
    public RestoreNoirqCycle(IVirtioMmioBus bus, ulong area, bool speculate = false)
    {
        _bus = bus;
        _runner = speculate ? new SpeculativeRunner(bus, MaxPolls) : null;
        _runOnce = RunOnce;
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

        // What a poll reads once the device has completed the request: used idx 1, used[0] = {id 0, len 8}.
        LittleEndian.WriteU16(_expectedUsedHead, 0, 1);
        LittleEndian.WriteU32(_expectedUsedHead, 6, PayloadBytes);
    }

    /// <summary>Cycles completed.</summary>
    public int Cycles { get; private set; }

    /// <summary>Predictions the device contradicted (speculative cycles only).</summary>
    public long Mispredictions => _runner?.Mispredictions ?? 0;

    /// <summary>Cold probe (§2.1): identification, reset, negotiation, both queues, DRIVER_OK.</summary>
    public void Probe()
    {
        Expect(_bus.Read(MmioRegisters.MagicValue, 4) == MmioRegisters.MagicValueExpected, "MagicValue");
        Expect(_bus.Read(MmioRegisters.Version, 4) == 2, "Version 2");
        Expect(_bus.Read(MmioRegisters.DeviceId, 4) != 0, "DeviceID");
        _bus.Write(MmioRegisters.Status, 4, 0); // register_virtio_device resets first
        Negotiate(_bus);
        for (int q = 0; q < Queues; q++)
        {
            _bus.Write(MmioRegisters.QueueSel, 4, (uint)q);
            Expect(_bus.Read(MmioRegisters.QueueReady, 4) == 0, "queue not ready at probe");
            Expect(_bus.Read(MmioRegisters.QueueNumMax, 4) >= QueueSize, "QueueNumMax");
            ProgramQueue(_bus, q);
        }

        _bus.ReadModifyWriteOr(MmioRegisters.Status, DeviceStatus.DriverOk);
    }

    /// <summary>One restore_noirq, ending with the polled request completed. Throws if the device diverges.</summary>
    public void Run()
    {
        if (_runner != null)
        {
            _runner.Run(_runOnce);
        }
        else
        {
            RunOnce(_bus);
            _bus.Flush(); // a bus may defer even the predicted reads: the cycle ends when the device has answered
        }

        Cycles++;
    }

    // Re-runnable: everything it writes is rebuilt from the constructor's constants.
    private void RunOnce(IVirtioMmioBus bus)
    {
        bus.Write(MmioRegisters.Status, 4, 0);
        Negotiate(bus);
        for (int q = 0; q < Queues; q++)
        {
            ProgramQueue(bus, q);
        }

        bus.ReadModifyWriteOrDeferred(MmioRegisters.Status, DeviceStatus.DriverOk, null);

        // The driver's restore_noirq: one request per queue, kicked and polled.
        for (int q = 0; q < Queues; q++)
        {
            LittleEndian.WriteU64(_chain, 0, _buffers[q]);
            LittleEndian.WriteU64(_chain, 16, _buffers[q] + 0x100);
            bus.WriteMemory(_buffers[q], _payload);
            bus.WriteMemory(_desc[q], _chain);
            bus.WriteMemory(_avail[q] + 2, _kick);
            bus.Write(MmioRegisters.QueueNotify, 4, (uint)q);
            for (int poll = 0; ; poll++)
            {
                bus.ReadMemoryExpecting(_used[q] + 2, _usedHead, _expectedUsedHead, null);
                if (LittleEndian.ReadU16(_usedHead, 0) == 1)
                {
                    break;
                }

                Expect(poll < MaxPolls, "used ring never advanced");
            }

            Expect(LittleEndian.ReadU32(_usedHead, 2) == 0 && LittleEndian.ReadU32(_usedHead, 6) == PayloadBytes, "used element {0, 8}");
        }

        uint running = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk;
        Expect((bus.ReadExpecting(MmioRegisters.Status, 4, running, null) & DeviceStatus.DriverOk) != 0, "DRIVER_OK after restore_noirq");
    }

    private static void Negotiate(IVirtioMmioBus bus)
    {
        bus.ReadModifyWriteOrDeferred(MmioRegisters.Status, DeviceStatus.Acknowledge, null);
        bus.ReadModifyWriteOrDeferred(MmioRegisters.Status, DeviceStatus.Driver, null);
        bus.Write(MmioRegisters.DriverFeaturesSel, 4, 1);
        bus.Write(MmioRegisters.DriverFeatures, 4, 1); // VERSION_1
        bus.Write(MmioRegisters.DriverFeaturesSel, 4, 0);
        bus.Write(MmioRegisters.DriverFeatures, 4, 0);
        bus.ReadModifyWriteOrDeferred(MmioRegisters.Status, DeviceStatus.FeaturesOk, null);
        uint negotiated = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk;
        Expect((bus.ReadExpecting(MmioRegisters.Status, 4, negotiated, null) & DeviceStatus.FeaturesOk) != 0, "FEATURES_OK accepted");
    }

    // virtqueue_reinit_vring (avail flags/idx and used flags/idx to 0), then vm_reset_vqs' register writes.
    private void ProgramQueue(IVirtioMmioBus bus, int q)
    {
        bus.WriteMemory(_avail[q], _zero4);
        bus.WriteMemory(_used[q], _zero4);
        bus.Write(MmioRegisters.QueueSel, 4, (uint)q);
        bus.Write(MmioRegisters.QueueNum, 4, QueueSize);
        bus.Write(MmioRegisters.QueueDescLow, 4, (uint)_desc[q]);
        bus.Write(MmioRegisters.QueueDescHigh, 4, (uint)(_desc[q] >> 32));
        bus.Write(MmioRegisters.QueueDriverLow, 4, (uint)_avail[q]);
        bus.Write(MmioRegisters.QueueDriverHigh, 4, (uint)(_avail[q] >> 32));
        bus.Write(MmioRegisters.QueueDeviceLow, 4, (uint)_used[q]);
        bus.Write(MmioRegisters.QueueDeviceHigh, 4, (uint)(_used[q] >> 32));
        bus.Write(MmioRegisters.QueueReady, 4, 1);
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"restore_noirq cycle diverged: {what}");
        }
    }
}
