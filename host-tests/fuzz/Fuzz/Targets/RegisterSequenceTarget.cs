using Fuzz.Harness;
using Fuzz.Seeds;
using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace Fuzz.Targets;

/// <summary>
/// Arbitrary register access sequences (and guest-memory stores, so rings can form) against a fresh device.
/// Input: byte 0 picks the device variant; then 8-byte records:
///   [0] kind (bits 0-1: 0 read, 1 write, 2 memory store of the value at window offset 4*offset, 3 write to one of
///       the real registers, indexed by offset) and width (bits 2-3: 4, 1, 2, 4);
///   [1..2] offset (u16, 12 bits used); [3..6] value (u32); [7] ignored.
/// After every access: no exception, no allocation, Status valid and changed only as the state machine allows,
/// InterruptStatus only bits 0-1 and the line level equal to (InterruptStatus != 0), invalid reads return 0, memory
/// accesses bounded and the window intact.
/// </summary>
public sealed class RegisterSequenceTarget : IFuzzTarget
{
    public const int WindowSize = 16 * 1024;
    public const int RecordSize = 8;
    public const int MaxRecords = 512;

    private static readonly int[] RealRegisters =
    {
        MmioRegisters.MagicValue, MmioRegisters.Version, MmioRegisters.DeviceId, MmioRegisters.VendorId,
        MmioRegisters.DeviceFeatures, MmioRegisters.DeviceFeaturesSel, MmioRegisters.DriverFeatures,
        MmioRegisters.DriverFeaturesSel, MmioRegisters.LegacyGuestPageSize, MmioRegisters.QueueSel,
        MmioRegisters.QueueNumMax, MmioRegisters.QueueNum, MmioRegisters.LegacyQueueAlign, MmioRegisters.LegacyQueuePfn,
        MmioRegisters.QueueReady, MmioRegisters.QueueNotify, MmioRegisters.InterruptStatus, MmioRegisters.InterruptAck,
        MmioRegisters.Status, MmioRegisters.QueueDescLow, MmioRegisters.QueueDescHigh, MmioRegisters.QueueDriverLow,
        MmioRegisters.QueueDriverHigh, MmioRegisters.QueueDeviceLow, MmioRegisters.QueueDeviceHigh,
        MmioRegisters.ShmSel, MmioRegisters.QueueReset, MmioRegisters.ConfigGeneration, MmioRegisters.Config,
        MmioRegisters.Config + 4,
    };

    private static readonly int[] Widths = { 4, 1, 2, 4 };

    private readonly byte[] _store = new byte[4];

    public RegisterSequenceTarget()
    {
        // Warm every path once, so one-time JIT/static initialisation is not mistaken for per-access allocation.
        using (Allocation.WarmUp())
        {
            foreach (byte[] seed in Seeds())
            {
                Execute(seed);
            }
        }
    }

    public string Name => "registers";

    public IReadOnlyList<byte[]> Seeds() => SeedCorpus.RegisterSequences();

    public ulong Execute(ReadOnlySpan<byte> input)
    {
        var sig = new Signature();
        if (input.Length == 0)
        {
            return sig.Value;
        }

        int variant = input[0] % FuzzDevices.Variants;
        bool legacy = FuzzDevices.IsLegacy(variant);
        var memory = new MemoryWindow(FuzzDevices.WindowBase, WindowSize);
        MmioTransport transport = FuzzDevices.Create(variant, memory);
        long stepBound = StepBound(transport);
        sig.Add(variant);

        int records = Math.Min((input.Length - 1) / RecordSize, MaxRecords);
        for (int r = 0; r < records; r++)
        {
            ReadOnlySpan<byte> rec = input.Slice(1 + (r * RecordSize), RecordSize);
            int kind = rec[0] & 3;
            int width = Widths[(rec[0] >> 2) & 3];
            int offset = (rec[1] | (rec[2] << 8)) & 0xFFF;
            uint value = (uint)(rec[3] | (rec[4] << 8) | (rec[5] << 16) | (rec[6] << 24));
            if (kind == 2)
            {
                LittleEndian.WriteU32(_store, 0, value);
                memory.HostWrite(memory.BaseAddress + (ulong)((offset * 4) % WindowSize), _store, 0, 4);
                continue;
            }

            if (kind == 3)
            {
                offset = RealRegisters[offset % RealRegisters.Length];
                width = 4;
            }

            uint before = transport.Status;
            int accesses = memory.DeviceReads + memory.DeviceWrites;
            var where = new AccessContext(Name, r, kind == 0 ? 'R' : 'W', offset, width, value, FuzzDevices.Describe(variant));
            MmioAccessResult result;
            long mark = Allocation.Mark();
            if (kind == 0)
            {
                result = transport.Read(offset, width, out uint read);
                Allocation.ExpectNone(mark, where);
                CheckRead(result, read, where);
                sig.Add(offset * 16 + (int)result);
            }
            else
            {
                result = transport.Write(offset, width, value);
                Allocation.ExpectNone(mark, where);
                sig.Add(0x10000 + offset * 16 + (int)result);
            }

            if ((uint)result > (uint)MmioAccessResult.IgnoredInState)
            {
                throw new InvariantViolation($"{where}: undefined access result {(int)result}");
            }

            uint? statusWrite = kind != 0 && offset == MmioRegisters.Status && width == 4 ? value : null;
            bool deviceError = transport.LastQueueError != QueueError.None || !FuzzDevices.IsEcho(variant);
            StatusInvariant.CheckChange(before, transport.Status, statusWrite, legacy, deviceError, where);
            CheckInterrupts(transport, where);
            int used = memory.DeviceReads + memory.DeviceWrites - accesses;
            if (used > stepBound)
            {
                throw new InvariantViolation($"{where}: {used} guest-memory accesses in one register access (bound {stepBound})");
            }

            if (statusWrite == 0)
            {
                CheckReset(transport, where);
            }

            sig.Add(StatusInvariant.Step(transport.Status, legacy) * 4 + (int)(transport.Status >> 6));
        }

        CheckWindow(memory);
        return sig.Value;
    }

    /// <summary>
    /// Most guest-memory accesses one register write may cause: every queue processes at most Size chains; a chain
    /// visits at most its table (main or one indirect table, at most the window / 16 descriptors) with 4 reads each,
    /// and the device moves at most the window's bytes in 64-byte pieces per segment, plus the ring bookkeeping.
    /// </summary>
    public static long StepBound(MmioTransport transport)
    {
        long bound = 16;
        int windowDescriptors = transport.Memory.Size / 16;
        for (int q = 0; q < transport.QueueCount; q++)
        {
            int size = transport.GetQueue(q).MaxSize;
            long perChain = 4L * (size + windowDescriptors) + 2L * ((transport.Memory.Size / 64) + (2 * VirtioRequest.MaxSegments)) + 16;
            bound += (size * perChain) + 8;
        }

        return bound;
    }

    private static void CheckRead(MmioAccessResult result, uint value, in AccessContext where)
    {
        bool invalid = result == MmioAccessResult.BadWidth || result == MmioAccessResult.Misaligned
            || result == MmioAccessResult.UndefinedOffset || result == MmioAccessResult.WriteOnlyRegister;
        if (invalid && value != 0)
        {
            throw new InvariantViolation($"{where}: refused read ({result}) returned 0x{value:x8}, not 0");
        }

        if (result == MmioAccessResult.ReadOnlyRegister || result == MmioAccessResult.IgnoredInState)
        {
            throw new InvariantViolation($"{where}: a read classified as {result}");
        }
    }

    private static void CheckInterrupts(MmioTransport transport, in AccessContext where)
    {
        uint isr = transport.InterruptStatus;
        if ((isr & ~MmioRegisters.InterruptValidMask) != 0)
        {
            throw new InvariantViolation($"{where}: InterruptStatus 0x{isr:x} has undefined bits");
        }

        if (transport.InterruptLine != (isr != 0))
        {
            throw new InvariantViolation($"{where}: line {(transport.InterruptLine ? "asserted" : "low")} with InterruptStatus 0x{isr:x}");
        }
    }

    private static void CheckReset(MmioTransport transport, in AccessContext where)
    {
        if (transport.InterruptStatus != 0 || transport.NegotiatedFeatures != 0)
        {
            throw new InvariantViolation($"{where}: reset left InterruptStatus 0x{transport.InterruptStatus:x} / features 0x{transport.NegotiatedFeatures:x}");
        }

        for (int q = 0; q < transport.QueueCount; q++)
        {
            SplitQueue queue = transport.GetQueue(q);
            if (queue.Ready || queue.NextAvail != 0 || queue.NextUsed != 0 || queue.LegacyPfn != 0)
            {
                throw new InvariantViolation($"{where}: reset left queue {q} live (ready {queue.Ready}, avail {queue.NextAvail}, used {queue.NextUsed})");
            }
        }
    }

    private static void CheckWindow(MemoryWindow memory)
    {
        if (memory.BaseAddress != FuzzDevices.WindowBase || memory.Size != WindowSize)
        {
            throw new InvariantViolation("the memory window changed shape");
        }

        if (memory.DeviceFaults > memory.DeviceReads + memory.DeviceWrites)
        {
            throw new InvariantViolation($"more faults ({memory.DeviceFaults}) than accesses");
        }
    }
}
