using VirtioMmio.Memory;

namespace VirtioMmio.Queue
{
    /// <summary>
    /// Walks one descriptor chain into a <see cref="VirtioRequest"/>. Every walk is bounded by the size of the table
    /// it is in (a longer chain must contain a loop) and by <see cref="VirtioRequest.MaxSegments"/>; every read is
    /// bounds-checked by the memory window. Errors are return values; the walker never writes guest memory.
    /// </summary>
    public static class DescriptorChainWalker
    {
        private const int MaxPasses = VirtioRequest.MaxSegments + 2;

        public static QueueError Walk(
            MemoryWindow memory,
            ulong descriptorTable,
            int queueSize,
            ushort head,
            bool indirectAllowed,
            VirtioRequest request)
        {
            request.Begin(memory, head);
            if (head >= queueSize)
            {
                return QueueError.DescriptorIndexOutOfRange;
            }

            ulong table = descriptorTable;
            int tableSize = queueSize;
            int index = head;
            int visited = 0;
            bool inIndirect = false;
            bool seenWritable = false;

            // Bounded: every pass either returns, adds a segment (at most MaxSegments), or switches to an indirect
            // table (at most once), so MaxPasses passes always end the walk. 'visited' catches loops earlier with a
            // precise error.
            for (int pass = 0; pass < MaxPasses; pass++)
            {
                ulong entry = table + ((ulong)index * SplitRing.DescriptorSize);
                if (!memory.DeviceReadU64(entry + SplitRing.DescriptorAddr, out ulong address)
                    || !memory.DeviceReadU32(entry + SplitRing.DescriptorLen, out uint length)
                    || !memory.DeviceReadU16(entry + SplitRing.DescriptorFlags, out ushort flags)
                    || !memory.DeviceReadU16(entry + SplitRing.DescriptorNext, out ushort next))
                {
                    return QueueError.OutsideMemoryWindow;
                }

                visited++;
                if ((flags & SplitRing.DescriptorFlagIndirect) != 0)
                {
                    if (!indirectAllowed)
                    {
                        return QueueError.IndirectNotNegotiated;
                    }

                    if (inIndirect || (flags & SplitRing.DescriptorFlagNext) != 0)
                    {
                        return QueueError.BadIndirectChain;
                    }

                    if (length == 0 || (length % SplitRing.DescriptorSize) != 0)
                    {
                        return QueueError.BadIndirectTable;
                    }

                    if (!memory.Contains(address, length))
                    {
                        return QueueError.OutsideMemoryWindow;
                    }

                    // The WRITE flag of the indirect descriptor itself is ignored (spec V-03).
                    table = address;
                    tableSize = (int)(length / SplitRing.DescriptorSize);
                    index = 0;
                    visited = 0;
                    inIndirect = true;
                    continue;
                }

                bool writable = (flags & SplitRing.DescriptorFlagWrite) != 0;
                if (!writable && seenWritable)
                {
                    return QueueError.ReadableAfterWritable;
                }

                seenWritable |= writable;
                if (request.SegmentCount >= VirtioRequest.MaxSegments)
                {
                    return QueueError.TooManySegments;
                }

                if (!request.AddSegment(address, length, writable))
                {
                    return QueueError.OutsideMemoryWindow;
                }

                if ((flags & SplitRing.DescriptorFlagNext) == 0)
                {
                    return QueueError.None;
                }

                if (next >= tableSize)
                {
                    return QueueError.DescriptorIndexOutOfRange;
                }

                if (visited >= tableSize)
                {
                    return QueueError.ChainLoopOrTooLong;
                }

                index = next;
            }

            return QueueError.TooManySegments;
        }
    }
}
