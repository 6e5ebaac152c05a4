using System.Text;

namespace BridgeHost.Protocol;

/// <summary>One slot as described by HELLO.</summary>
public sealed record SlotInfo(int Slot, string Kind, uint DeviceId, int Version, IReadOnlyList<ushort> QueueMaxSizes)
{
    public int QueueCount => QueueMaxSizes.Count;
}

/// <summary>The HELLO information block.</summary>
public sealed record DeviceInfo(
    int ProtocolVersion,
    int MaxPacket,
    int ReplyCacheEntries,
    ulong MemoryBase,
    uint MemorySize,
    string BoardId,
    string FirmwareVersion,
    IReadOnlyList<SlotInfo> Slots)
{
    /// <summary>Parses an information block; throws <see cref="BridgeProtocolException"/> when it is malformed.</summary>
    public static DeviceInfo Parse(ReadOnlySpan<byte> block, out int consumed)
    {
        var r = new SpanReader(block);
        int version = r.U8();
        int slotCount = r.U8();
        int maxPacket = r.U16();
        int cache = r.U8();
        ulong memoryBase = r.U64();
        uint memorySize = r.U32();
        string board = r.ShortString();
        string firmware = r.ShortString();
        var slots = new List<SlotInfo>(slotCount);
        for (int s = 0; s < slotCount; s++)
        {
            string kind = r.ShortString();
            uint deviceId = r.U32();
            int slotVersion = r.U8();
            int queues = r.U8();
            var sizes = new ushort[queues];
            for (int q = 0; q < queues; q++)
            {
                sizes[q] = r.U16();
            }

            slots.Add(new SlotInfo(s, kind, deviceId, slotVersion, sizes));
        }

        consumed = r.Position;
        return new DeviceInfo(version, maxPacket, cache, memoryBase, memorySize, board, firmware, slots);
    }

    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private readonly ReadOnlySpan<byte> _span = span;

        public int Position { get; private set; }

        public byte U8() => Take(1)[0];

        public ushort U16() => Wire.ReadU16(Take(2));

        public uint U32() => Wire.ReadU32(Take(4));

        public ulong U64() => Wire.ReadU64(Take(8));

        public string ShortString() => Encoding.ASCII.GetString(Take(U8()));

        private ReadOnlySpan<byte> Take(int n)
        {
            if (Position + n > _span.Length)
            {
                throw new BridgeProtocolException("information block truncated");
            }

            var slice = _span.Slice(Position, n);
            Position += n;
            return slice;
        }
    }
}
