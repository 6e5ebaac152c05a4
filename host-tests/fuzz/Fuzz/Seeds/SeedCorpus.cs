using BridgeHost.Protocol;
using Fuzz.Targets;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Fuzz.Seeds;

/// <summary>
/// Seed inputs for every harness, built deterministically from the copied Linux traces (Corpus/linux-traces) and
/// from hand-built valid and classic-invalid rings. Nothing random: the same seeds on every machine.
/// </summary>
public static class SeedCorpus
{
    public const ushort SeedSession = 0x0101;

    private static readonly Lazy<IReadOnlyList<(string Name, bool Legacy, IReadOnlyList<TraceAccess> Accesses)>> Traces =
        new(TraceAccess.LoadAll);

    private static readonly Lazy<IReadOnlyList<(string Name, string Kind, IReadOnlyList<TraceAccess> Accesses)>> Golden =
        new(TraceAccess.LoadGolden);

    /// <summary>The fuzz device variant a scenario's device kind maps to.</summary>
    public static int VariantOf(string kind) => kind switch
    {
        "test-legacy" => 1,
        "clock" => 2,
        "regulator" => 3,
        _ => 0,
    };

    /// <summary>
    /// Each Linux trace as recorded, and adapted to the fuzz device (the adapted modern trace also on clock and
    /// regulator); each golden scenario trace, adapted, on its device kind.
    /// </summary>
    public static IReadOnlyList<byte[]> RegisterSequences()
    {
        var seeds = new List<byte[]>();
        foreach (var (_, kind, accesses) in Golden.Value)
        {
            int variant = VariantOf(kind);
            seeds.Add(EncodeRegisters(variant, Adapt(accesses, variant == 1)));
        }

        foreach (var (_, legacy, accesses) in Traces.Value)
        {
            int variant = legacy ? 1 : 0;
            seeds.Add(EncodeRegisters(variant, accesses));
            var adapted = Adapt(accesses, legacy);
            seeds.Add(EncodeRegisters(variant, adapted));
            if (!legacy)
            {
                seeds.Add(EncodeRegisters(2, adapted));
                seeds.Add(EncodeRegisters(3, adapted));
            }
        }

        return seeds;
    }

    /// <summary>Hand-built ring images: valid chains (direct, indirect, several), and the classic malformed ones.</summary>
    public static IReadOnlyList<byte[]> Rings()
    {
        var seeds = new List<byte[]>();

        // Echo: readable 8 -> writable 8.
        var echo = new RingImage(0, 4);
        echo.Descriptor(0, 0x800, 8, next: 1);
        echo.Descriptor(1, 0x900, 8, write: true);
        echo.Post(0);
        seeds.Add(echo.ToInput());

        // Two chains, then an extra notify that makes one more available.
        var two = new RingImage(0, 4) { ExtraNotifies = 1, Bump = 1 };
        two.Descriptor(0, 0x800, 8, next: 1);
        two.Descriptor(1, 0x900, 8, write: true);
        two.Descriptor(2, 0x810, 4, next: 3);
        two.Descriptor(3, 0x910, 16, write: true);
        two.Post(0);
        two.Post(2);
        two.SetAvailEntry(2, 0);
        seeds.Add(two.ToInput());

        // Indirect table of two.
        var indirect = new RingImage(0, 4) { Indirect = true };
        indirect.Descriptor(0, 0xA00, 32, indirect: true);
        indirect.DescriptorAt(0xA00, 0x800, 8, next: 1);
        indirect.DescriptorAt(0xA10, 0x900, 8, write: true);
        indirect.Post(0);
        seeds.Add(indirect.ToInput());

        // EVENT_IDX with used_event armed at 0.
        var eventIdx = new RingImage(0, 4) { EventIdx = true };
        eventIdx.Descriptor(0, 0x800, 8, next: 1);
        eventIdx.Descriptor(1, 0x900, 8, write: true);
        eventIdx.Post(0);
        seeds.Add(eventIdx.ToInput());

        // Malformed: a loop, an address outside the window, 17 segments, avail idx far ahead.
        var loop = new RingImage(0, 4);
        loop.Descriptor(0, 0x800, 8, next: 0);
        loop.Post(0);
        seeds.Add(loop.ToInput());

        var outside = new RingImage(0, 4);
        outside.Descriptor(0, 0x7000_0000, 8);
        outside.Post(0);
        seeds.Add(outside.ToInput());

        var tooMany = new RingImage(0, 5);
        for (int i = 0; i < 17; i++)
        {
            tooMany.Descriptor(i, 0x800 + (ulong)(8 * i), 8, next: i < 16 ? i + 1 : null);
        }

        tooMany.Post(0);
        seeds.Add(tooMany.ToInput());

        var farAhead = new RingImage(0, 4);
        farAhead.Descriptor(0, 0x800, 8);
        farAhead.SetAvailIdx(40);
        seeds.Add(farAhead.ToInput());

        // Clock GET_RATE and regulator GET_VOLTAGE, one readable buffer each (compatibility write-back).
        var clock = new RingImage(1, 4);
        clock.Descriptor(0, 0x800, 68);
        clock.Bytes(0x800, Message(68, 0, "gcc_uart_clk", 44, 3));
        clock.Post(0);
        seeds.Add(clock.ToInput());

        var regulator = new RingImage(2, 4);
        regulator.Descriptor(0, 0x800, 44, next: 1);
        regulator.Descriptor(1, 0x900, 44, write: true);
        regulator.Bytes(0x800, Message(44, 0, "vdd_core", 20, 3));
        regulator.Post(0);
        seeds.Add(regulator.ToInput());
        return seeds;
    }

    /// <summary>
    /// HELLO, then each Linux trace's and each golden trace's accesses batched as BridgeBus batches them (writes
    /// ride with the next read), on the slot of the matching device variant; the last request also carries a held
    /// MEM_EXPECT and a failing READ_EXPECT, so the expectation ops start from valid shapes too.
    /// </summary>
    public static IReadOnlyList<byte[]> BridgeStreams()
    {
        var seeds = new List<byte[]>();
        var sources = Traces.Value.Select(t => (Variant: t.Legacy ? 1 : 0, t.Accesses))
            .Concat(Golden.Value.Select(g => (Variant: VariantOf(g.Kind), g.Accesses)));
        foreach (var (variant, accesses) in sources)
        {
            bool legacy = variant == 1;
            byte slot = (byte)variant;
            var stream = new List<byte> { 0 };
            ushort seq = 1;
            stream.AddRange(Slip.Encode(BridgeCodec.EncodeRequest(SeedSession, seq++, new BridgeOp[] { new HelloOp() })));
            var pending = new List<BridgeOp>();
            foreach (var a in Adapt(accesses, legacy))
            {
                if (a.IsWrite)
                {
                    pending.Add(new WriteOp(slot, 4, (ushort)a.Offset, a.Value));
                    if (pending.Count < 80)
                    {
                        continue;
                    }
                }
                else
                {
                    pending.Add(new ReadOp(slot, 4, (ushort)a.Offset));
                }

                stream.AddRange(Slip.Encode(BridgeCodec.EncodeRequest(SeedSession, seq++, pending)));
                pending.Clear();
            }

            pending.Add(new MemWriteOp(FuzzDevices.WindowBase + 0x800, new byte[] { 1, 2, 3, 4 }));
            pending.Add(new MemExpectOp(FuzzDevices.WindowBase + 0x800, new byte[] { 1, 2, 3, 4 })); // holds
            pending.Add(new MemReadOp(FuzzDevices.WindowBase + 0x800, 4));
            pending.Add(new StatsOp(slot));
            pending.Add(new ReadOrWriteOp(slot, 4, MmioRegisters.Status, DeviceStatus.Failed));
            pending.Add(new ReadExpectOp(slot, 4, MmioRegisters.Status, DeviceStatus.Failed)); // FAILED is set: mismatch
            pending.Add(new WriteOp(slot, 4, MmioRegisters.Status, 0));                       // never executed
            stream.AddRange(Slip.Encode(BridgeCodec.EncodeRequest(SeedSession, seq++, pending)));
            byte[] plain = stream.ToArray();
            seeds.Add(plain);
            byte[] fixing = (byte[])plain.Clone();
            fixing[0] = 1;
            seeds.Add(fixing);
        }

        return seeds;
    }

    /// <summary>Record encoding of <see cref="RegisterSequenceTarget"/>.</summary>
    public static byte[] EncodeRegisters(int variant, IEnumerable<TraceAccess> accesses)
    {
        var bytes = new List<byte> { (byte)variant };
        foreach (var a in accesses.Take(RegisterSequenceTarget.MaxRecords))
        {
            bytes.Add((byte)(a.IsWrite ? 1 : 0));
            bytes.Add((byte)a.Offset);
            bytes.Add((byte)(a.Offset >> 8));
            bytes.Add((byte)a.Value);
            bytes.Add((byte)(a.Value >> 8));
            bytes.Add((byte)(a.Value >> 16));
            bytes.Add((byte)(a.Value >> 24));
            bytes.Add(0);
        }

        return bytes.ToArray();
    }

    /// <summary>The trace with QueueNum 16 and its rings moved into the fuzz window (desc +0, avail +0x400, used +0x500).</summary>
    public static IReadOnlyList<TraceAccess> Adapt(IEnumerable<TraceAccess> accesses, bool legacy)
    {
        uint window = (uint)FuzzDevices.WindowBase;
        return accesses.Select(a => !a.IsWrite ? a : a.Offset switch
        {
            MmioRegisters.QueueNum => a with { Value = 16 },
            MmioRegisters.QueueDescLow => a with { Value = window },
            MmioRegisters.QueueDriverLow => a with { Value = window + 0x400 },
            MmioRegisters.QueueDeviceLow => a with { Value = window + 0x500 },
            MmioRegisters.QueueDescHigh or MmioRegisters.QueueDriverHigh or MmioRegisters.QueueDeviceHigh => a with { Value = 0 },
            MmioRegisters.LegacyQueuePfn when legacy && a.Value != 0 => a with { Value = window >> 12 },
            _ => a,
        }).ToList();
    }

    private static byte[] Message(int size, int nameOffset, string name, int typeOffset, uint type)
    {
        var m = new byte[size];
        for (int i = 0; i < name.Length; i++)
        {
            m[nameOffset + i] = (byte)name[i];
        }

        LittleEndian.WriteU32(m, typeOffset, type);
        return m;
    }

    /// <summary>Builds a <see cref="RingWalkerTarget"/> input: header and window image.</summary>
    private sealed class RingImage(int device, int log2Size)
    {
        private readonly byte[] _image = new byte[RingWalkerTarget.WindowSize];
        private int _end = RingWalkerTarget.UsedOffset;
        private ushort _availIdx;

        public bool Indirect { get; init; }

        public bool EventIdx { get; init; }

        public int ExtraNotifies { get; init; }

        public int Bump { get; init; }

        public void Descriptor(int index, ulong offsetOrAddress, uint length, int? next = null, bool write = false, bool indirect = false) =>
            DescriptorAt(RingWalkerTarget.DescOffset + (16 * index), offsetOrAddress, length, next, write, indirect);

        public void DescriptorAt(int at, ulong offsetOrAddress, uint length, int? next = null, bool write = false, bool indirect = false)
        {
            ulong address = offsetOrAddress < RingWalkerTarget.WindowSize ? FuzzDevices.WindowBase + offsetOrAddress : offsetOrAddress;
            LittleEndian.WriteU64(_image, at, address);
            LittleEndian.WriteU32(_image, at + 8, length);
            ushort flags = (ushort)((next.HasValue ? 1 : 0) | (write ? 2 : 0) | (indirect ? 4 : 0));
            LittleEndian.WriteU16(_image, at + 12, flags);
            LittleEndian.WriteU16(_image, at + 14, (ushort)(next ?? 0));
            Touch(at + 16);
        }

        public void Bytes(int at, byte[] bytes)
        {
            bytes.CopyTo(_image, at);
            Touch(at + bytes.Length);
        }

        public void Post(ushort head)
        {
            SetAvailEntry(_availIdx, head);
            SetAvailIdx((ushort)(_availIdx + 1));
        }

        public void SetAvailEntry(int slot, ushort head) =>
            LittleEndian.WriteU16(_image, RingWalkerTarget.AvailOffset + 4 + (2 * (slot % (1 << log2Size))), head);

        public void SetAvailIdx(ushort idx)
        {
            _availIdx = idx;
            LittleEndian.WriteU16(_image, RingWalkerTarget.AvailOffset + 2, idx);
        }

        public byte[] ToInput()
        {
            var input = new byte[RingWalkerTarget.HeaderSize + _end];
            input[0] = (byte)device;
            input[1] = (byte)(log2Size | (Indirect ? 0x08 : 0) | (EventIdx ? 0x10 : 0));
            input[2] = (byte)(ExtraNotifies | (Bump << 2));
            input[3] = 0;
            Array.Copy(_image, 0, input, RingWalkerTarget.HeaderSize, _end);
            return input;
        }

        private void Touch(int end) => _end = Math.Max(_end, end);
    }
}
