namespace VirtioMmio.Queue
{
    /// <summary>Split virtqueue layout (virtio 1.2 §2.7): sizes, alignments, field offsets and flag bits.</summary>
    public static class SplitRing
    {
        /// <summary>Largest queue size the spec allows.</summary>
        public const int MaxQueueSize = 32768;

        public const int DescriptorSize = 16;
        public const int DescriptorAlignment = 16;
        public const int AvailAlignment = 2;
        public const int UsedAlignment = 4;

        // Descriptor: le64 addr; le32 len; le16 flags; le16 next.
        public const int DescriptorAddr = 0;
        public const int DescriptorLen = 8;
        public const int DescriptorFlags = 12;
        public const int DescriptorNext = 14;

        public const ushort DescriptorFlagNext = 1;
        public const ushort DescriptorFlagWrite = 2;
        public const ushort DescriptorFlagIndirect = 4;

        // Avail ring: le16 flags; le16 idx; le16 ring[N]; le16 used_event.
        public const int AvailFlags = 0;
        public const int AvailIdx = 2;
        public const int AvailRing = 4;
        public const ushort AvailFlagNoInterrupt = 1;

        // Used ring: le16 flags; le16 idx; { le32 id; le32 len } ring[N]; le16 avail_event.
        public const int UsedFlags = 0;
        public const int UsedIdx = 2;
        public const int UsedRing = 4;
        public const int UsedElementSize = 8;

        public static ulong DescriptorTableBytes(int size)
        {
            return (ulong)(DescriptorSize * size);
        }

        public static ulong AvailRingBytes(int size)
        {
            return (ulong)(6 + (2 * size));
        }

        public static ulong UsedRingBytes(int size)
        {
            return (ulong)(6 + (UsedElementSize * size));
        }

        /// <summary>Offset of used_event in the avail ring (EVENT_IDX).</summary>
        public static int UsedEventOffset(int size)
        {
            return AvailRing + (2 * size);
        }

        /// <summary>Offset of avail_event in the used ring (EVENT_IDX).</summary>
        public static int AvailEventOffset(int size)
        {
            return UsedRing + (UsedElementSize * size);
        }

        /// <summary>True for 1, 2, 4, ... (0 is not a power of two).</summary>
        public static bool IsPowerOfTwo(uint value)
        {
            return value != 0 && (value & (value - 1)) == 0;
        }

        /// <summary>
        /// Legacy (Version 1) contiguous ring: desc | avail | pad to <paramref name="align"/> | used (spec §2.7.2).
        /// False if the arithmetic overflows; range checks against memory are the caller's.
        /// </summary>
        public static bool LegacyLayout(uint pfn, uint pageSize, uint align, int size, out ulong desc, out ulong avail, out ulong used)
        {
            desc = (ulong)pfn * pageSize;
            avail = desc + DescriptorTableBytes(size);
            ulong availEnd = avail + AvailRingBytes(size);
            used = (availEnd + align - 1) & ~((ulong)align - 1);
            return used >= desc;
        }
    }
}
