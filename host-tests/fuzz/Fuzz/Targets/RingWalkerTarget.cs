using Fuzz.Harness;
using Fuzz.Seeds;
using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace Fuzz.Targets;

/// <summary>
/// The split-ring walker fed arbitrary window contents. Input: a 4-byte header, then the window image (8 KiB at
/// most; the rest of the window is zero). Header:
///   [0] device (echo modern, clock, regulator); [1] bits 0-2: log2 queue size (capped at the device's max),
///   bit 3: negotiate INDIRECT_DESC, bit 4: negotiate EVENT_IDX; [2] bits 0-1: extra notifies (0-3), bits 2-7:
///   how far each extra notify moves avail idx; [3] head index for a direct <see cref="DescriptorChainWalker"/> walk.
/// Fixed layout: descriptor table at +0x000, avail ring at +0x400, used ring at +0x500 (queue 0).
/// The device goes to DRIVER_OK (which takes what is already available), then gets the extra notifies.
/// Checks: no exception; no allocation; guest memory changed only in the used ring, in buffers that descriptors
/// (direct or in an indirect table) describe (device-writable ones only, for the echo device whose reply never goes
/// into a readable buffer) and in the avail idx the harness moves (byte-exact unless the device's own writes landed on
/// the descriptors it reads, see <see cref="RewroteDescriptors"/>); bounded memory accesses; a ring error leaves
/// DEVICE_NEEDS_RESET set; used idx in memory equals the device's count of used elements; a direct walk either fails
/// cleanly or yields 1..MaxSegments segments inside the window.
/// </summary>
public sealed class RingWalkerTarget : IFuzzTarget
{
    public const int WindowSize = 8 * 1024;
    public const int HeaderSize = 4;
    public const int DescOffset = 0x000;
    public const int AvailOffset = 0x400;
    public const int UsedOffset = 0x500;

    private static readonly int[] Variants = { 0, 2, 3 };

    private readonly byte[] _before = new byte[WindowSize];
    private readonly byte[] _after = new byte[WindowSize];
    private readonly bool[] _allowed = new bool[WindowSize];
    private readonly bool[] _descriptorSource = new bool[WindowSize];
    private readonly byte[] _two = new byte[2];
    private readonly VirtioRequest _request = new();

    public RingWalkerTarget()
    {
        using (Allocation.WarmUp())
        {
            foreach (byte[] seed in Seeds())
            {
                Execute(seed);
            }
        }
    }

    public string Name => "ring";

    public IReadOnlyList<byte[]> Seeds() => SeedCorpus.Rings();

    public ulong Execute(ReadOnlySpan<byte> input)
    {
        var sig = new Signature();
        if (input.Length < HeaderSize)
        {
            return sig.Value;
        }

        int variant = Variants[input[0] % Variants.Length];
        var memory = new MemoryWindow(FuzzDevices.WindowBase, WindowSize);
        MmioTransport transport = FuzzDevices.Create(variant, memory, 64);
        int size = Math.Min(1 << (input[1] & 7), (int)transport.GetQueue(0).MaxSize);
        bool indirect = (input[1] & 0x08) != 0;
        bool eventIdx = (input[1] & 0x10) != 0;
        int extraNotifies = input[2] & 3;
        int bump = input[2] >> 2;
        var context = new AccessContext(Name, 0, '-', 0, 0, 0, FuzzDevices.Describe(variant));

        ReadOnlySpan<byte> image = input[HeaderSize..];
        if (image.Length > WindowSize)
        {
            image = image[..WindowSize];
        }

        image.CopyTo(_before);
        Array.Clear(_before, image.Length, WindowSize - image.Length);
        memory.HostWrite(memory.BaseAddress, _before, 0, WindowSize);

        ulong desc = memory.BaseAddress + DescOffset;
        ulong avail = memory.BaseAddress + AvailOffset;
        ulong used = memory.BaseAddress + UsedOffset;
        BringUp(transport, size, desc, avail, used, indirect, eventIdx);
        memory.ResetCounters();

        // What the device may change, from the image it was given.
        MarkAllowed(memory, size, FuzzDevices.IsEcho(variant));
        ushort availIdx = LittleEndian.ReadU16(_before, AvailOffset + 2);

        long mark = Allocation.Mark();
        uint before = transport.Status;
        transport.Write(MmioRegisters.Status, 4, before | DeviceStatus.DriverOk);
        Allocation.ExpectNone(mark, context);
        bool deviceError = transport.LastQueueError != QueueError.None || !FuzzDevices.IsEcho(variant);
        StatusInvariant.CheckChange(before, transport.Status, before | DeviceStatus.DriverOk, false, deviceError, context);
        for (int n = 0; n < extraNotifies; n++)
        {
            availIdx = (ushort)(availIdx + bump);
            LittleEndian.WriteU16(_two, 0, availIdx);
            memory.HostWrite(avail + 2, _two, 0, 2);
            before = transport.Status;
            mark = Allocation.Mark();
            transport.Write(MmioRegisters.QueueNotify, 4, 0);
            Allocation.ExpectNone(mark, context with { Step = n + 1 });
            deviceError = transport.LastQueueError != QueueError.None || !FuzzDevices.IsEcho(variant);
            StatusInvariant.CheckChange(before, transport.Status, null, false, deviceError, context with { Step = n + 1 });
        }

        long accesses = memory.DeviceReads + (long)memory.DeviceWrites;
        long bound = (1 + extraNotifies) * RegisterSequenceTarget.StepBound(transport);
        if (accesses > bound)
        {
            throw new InvariantViolation($"{context}: {accesses} guest-memory accesses (bound {bound})");
        }

        bool exact = CheckOutcome(transport, memory, context);
        sig.Add(exact ? 0 : 0x2000);
        sig.Add(variant * 1000 + size);
        sig.Add((int)transport.LastQueueError);
        sig.Add(transport.GetQueue(0).NextUsed);
        sig.Add(transport.Status);

        // The walker on its own, from the final memory contents.
        mark = Allocation.Mark();
        QueueError walk = DescriptorChainWalker.Walk(memory, desc, size, input[3], indirect, _request);
        Allocation.ExpectNone(mark, context with { Step = 99 });
        if (walk == QueueError.None && (_request.SegmentCount < 1 || _request.SegmentCount > VirtioRequest.MaxSegments
            || _request.ReadableLength < 0 || _request.WritableLength < 0))
        {
            throw new InvariantViolation($"{context}: walk of head {input[3]} succeeded with {_request.SegmentCount} segments, {_request.ReadableLength}/{_request.WritableLength} bytes");
        }

        sig.Add(0x1000 + (int)walk * 32 + _request.SegmentCount);
        return sig.Value;
    }

    private static void BringUp(MmioTransport t, int size, ulong desc, ulong avail, ulong used, bool indirect, bool eventIdx)
    {
        t.Write(MmioRegisters.Status, 4, 0);
        t.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge);
        t.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge | DeviceStatus.Driver);
        t.Write(MmioRegisters.DriverFeaturesSel, 4, 1);
        t.Write(MmioRegisters.DriverFeatures, 4, 1);
        t.Write(MmioRegisters.DriverFeaturesSel, 4, 0);
        t.Write(MmioRegisters.DriverFeatures, 4, (indirect ? 1u << 28 : 0) | (eventIdx ? 1u << 29 : 0));
        t.Write(MmioRegisters.Status, 4, DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        t.Write(MmioRegisters.QueueSel, 4, 0);
        t.Write(MmioRegisters.QueueNum, 4, (uint)size);
        t.Write(MmioRegisters.QueueDescLow, 4, (uint)desc);
        t.Write(MmioRegisters.QueueDescHigh, 4, (uint)(desc >> 32));
        t.Write(MmioRegisters.QueueDriverLow, 4, (uint)avail);
        t.Write(MmioRegisters.QueueDriverHigh, 4, (uint)(avail >> 32));
        t.Write(MmioRegisters.QueueDeviceLow, 4, (uint)used);
        t.Write(MmioRegisters.QueueDeviceHigh, 4, (uint)(used >> 32));
        t.Write(MmioRegisters.QueueReady, 4, 1);
        if (!t.GetQueue(0).Ready)
        {
            throw new InvariantViolation($"queue 0 did not become ready for a valid layout (size {size})");
        }
    }

    private void MarkAllowed(MemoryWindow memory, int size, bool writableOnly)
    {
        Array.Clear(_allowed);
        Array.Clear(_descriptorSource);
        Allow(UsedOffset, 4 + (8 * size) + 2);
        Allow(AvailOffset + 2, 2);
        Mark(_descriptorSource, DescOffset, 16 * size);
        for (int i = 0; i < size; i++)
        {
            int at = DescOffset + (16 * i);
            ulong address = LittleEndian.ReadU64(_before, at);
            uint length = LittleEndian.ReadU32(_before, at + 8);
            ushort flags = LittleEndian.ReadU16(_before, at + 12);
            if ((flags & SplitRing.DescriptorFlagIndirect) != 0)
            {
                if (length % 16 == 0 && memory.TryGetOffset(address, length, out int table))
                {
                    Mark(_descriptorSource, table, (int)length);
                    for (int j = 0; j < length / 16; j++)
                    {
                        AllowDescriptor(memory, table + (16 * j), writableOnly);
                    }
                }

                continue;
            }

            AllowDescriptor(memory, at, writableOnly);
        }
    }

    private void AllowDescriptor(MemoryWindow memory, int at, bool writableOnly)
    {
        ulong address = LittleEndian.ReadU64(_before, at);
        uint length = LittleEndian.ReadU32(_before, at + 8);
        ushort flags = LittleEndian.ReadU16(_before, at + 12);
        if (writableOnly && (flags & SplitRing.DescriptorFlagWrite) == 0)
        {
            return;
        }

        if (memory.TryGetOffset(address, length, out int offset))
        {
            Allow(offset, (int)length);
        }
    }

    private void Allow(int offset, int length) => Mark(_allowed, offset, length);

    private static void Mark(bool[] map, int offset, int length)
    {
        Array.Fill(map, true, offset, Math.Min(length, WindowSize - offset));
    }

    /// <summary>
    /// True if the device changed a byte it reads descriptors from (the descriptor table or an indirect table): the
    /// driver gave it a buffer, or a used ring, over its own descriptors. Chains taken after that write follow the
    /// rewritten descriptors, which neither the image before nor the one after shows, so which bytes they gave the
    /// device cannot be told from the two images. The device is right to read them afresh.
    /// </summary>
    private bool RewroteDescriptors()
    {
        for (int i = 0; i < WindowSize; i++)
        {
            if (_descriptorSource[i] && _after[i] != _before[i])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks the outcome; returns false if the byte-exact diff could not apply (see <see cref="RewroteDescriptors"/>).</summary>
    private bool CheckOutcome(MmioTransport transport, MemoryWindow memory, in AccessContext context)
    {
        memory.HostRead(memory.BaseAddress, _after, 0, WindowSize);
        bool exact = !RewroteDescriptors();
        for (int i = 0; exact && i < WindowSize; i++)
        {
            if (_after[i] != _before[i] && !_allowed[i])
            {
                // The harness itself moved avail idx; everything else is the device.
                throw new InvariantViolation($"{context}: the device wrote window offset 0x{i:x} (0x{_before[i]:x2} -> 0x{_after[i]:x2}), which no descriptor or ring field gives it");
            }
        }

        if (memory.BaseAddress != FuzzDevices.WindowBase || memory.Size != WindowSize)
        {
            throw new InvariantViolation($"{context}: the memory window changed shape");
        }

        SplitQueue queue = transport.GetQueue(0);
        if (transport.LastQueueError != QueueError.None && (transport.Status & DeviceStatus.DeviceNeedsReset) == 0)
        {
            throw new InvariantViolation($"{context}: ring error {transport.LastQueueError} without DEVICE_NEEDS_RESET (Status 0x{transport.Status:x2})");
        }

        if (queue.NextUsed != queue.NextAvail)
        {
            throw new InvariantViolation($"{context}: took {queue.NextAvail} chains but published {queue.NextUsed}");
        }

        ushort usedIdx = LittleEndian.ReadU16(_after, UsedOffset + 2);
        // The device writes used idx only when it publishes (the driver zeroes it at reinit, not the device).
        if (transport.LastQueueError == QueueError.None && queue.NextUsed != 0 && usedIdx != queue.NextUsed)
        {
            throw new InvariantViolation($"{context}: used idx in memory {usedIdx}, device published {queue.NextUsed}");
        }

        if (transport.RequestsCompleted != queue.NextUsed)
        {
            throw new InvariantViolation($"{context}: {transport.RequestsCompleted} requests completed, used idx {queue.NextUsed}");
        }

        return exact;
    }
}
