using VirtioMmio.Memory;

namespace VirtioMmio.Queue
{
    /// <summary>
    /// One request as a personality sees it: the device-readable part and the device-writable part of a
    /// descriptor chain, each addressed as one contiguous byte range whatever the descriptor split (spec V-01).
    /// The queue fills it (preallocated, reused for every request: no allocation on the request path);
    /// the personality reads the request and writes the reply through it.
    /// </summary>
    public sealed class VirtioRequest
    {
        /// <summary>Most segments one request may have; longer chains are a ring error handled by the queue.</summary>
        public const int MaxSegments = 16;

        private readonly ulong[] _addresses = new ulong[MaxSegments];
        private readonly uint[] _lengths = new uint[MaxSegments];
        private readonly bool[] _writable = new bool[MaxSegments];
        private MemoryWindow? _memory;
        private int _count;

        /// <summary>Total bytes in the device-readable descriptors.</summary>
        public int ReadableLength { get; private set; }

        /// <summary>Total bytes in the device-writable descriptors.</summary>
        public int WritableLength { get; private set; }

        /// <summary>
        /// High-water mark of bytes written into the writable part: the exact used-ring <c>len</c> (spec V-05).
        /// Write-backs into the readable part (<see cref="WriteBackReadable"/>) do not count.
        /// </summary>
        public int BytesWritten { get; private set; }

        /// <summary>Number of descriptor segments in this request.</summary>
        public int SegmentCount
        {
            get { return _count; }
        }

        /// <summary>Head descriptor index of the chain (the used-ring <c>id</c>).</summary>
        public ushort HeadIndex { get; private set; }

        /// <summary>Starts a new request over <paramref name="memory"/>.</summary>
        public void Begin(MemoryWindow memory, ushort headIndex)
        {
            _memory = memory;
            HeadIndex = headIndex;
            _count = 0;
            ReadableLength = 0;
            WritableLength = 0;
            BytesWritten = 0;
        }

        /// <summary>
        /// Appends one descriptor. Returns false (and changes nothing) if there is no room, the range is not
        /// inside the memory window, or the total length would overflow.
        /// </summary>
        public bool AddSegment(ulong address, uint length, bool writable)
        {
            if (_memory == null || _count >= MaxSegments || !_memory.Contains(address, length))
            {
                return false;
            }

            long total = (long)ReadableLength + WritableLength + length;
            if (total > int.MaxValue)
            {
                return false;
            }

            _addresses[_count] = address;
            _lengths[_count] = length;
            _writable[_count] = writable;
            _count++;
            if (writable)
            {
                WritableLength += (int)length;
            }
            else
            {
                ReadableLength += (int)length;
            }

            return true;
        }

        /// <summary>Reads bytes [offset, offset+count) of the readable part. False if out of range.</summary>
        public bool ReadBytes(int offset, byte[] destination, int destinationOffset, int count)
        {
            return Transfer(false, false, offset, destination, destinationOffset, count);
        }

        /// <summary>Writes bytes [offset, offset+count) of the writable part. False if out of range.</summary>
        public bool WriteBytes(int offset, byte[] source, int sourceOffset, int count)
        {
            if (!Transfer(true, true, offset, source, sourceOffset, count))
            {
                return false;
            }

            if (offset + count > BytesWritten)
            {
                BytesWritten = offset + count;
            }

            return true;
        }

        /// <summary>
        /// Compatibility write-back into the device-readable part, for the Qualcomm virtio_clk/virtio_regulator
        /// drivers that read their reply from the buffer they submitted. A documented exception to spec V-02;
        /// personalities use it only when their write-back option is on. Does not change <see cref="BytesWritten"/>.
        /// </summary>
        public bool WriteBackReadable(int offset, byte[] source, int sourceOffset, int count)
        {
            return Transfer(false, true, offset, source, sourceOffset, count);
        }

        // Walks the segments of one direction, copying the requested logical range piece by piece.
        private bool Transfer(bool writablePart, bool toMemory, int offset, byte[] buffer, int bufferOffset, int count)
        {
            if (_memory == null || buffer == null || offset < 0 || count < 0 || bufferOffset < 0 || bufferOffset > buffer.Length - count)
            {
                return false;
            }

            int partLength = writablePart ? WritableLength : ReadableLength;
            if (offset > partLength - count)
            {
                return false;
            }

            int skip = offset;
            int remaining = count;
            for (int i = 0; i < _count && remaining > 0; i++)
            {
                if (_writable[i] != writablePart)
                {
                    continue;
                }

                int segmentLength = (int)_lengths[i];
                if (skip >= segmentLength)
                {
                    skip -= segmentLength;
                    continue;
                }

                int chunk = segmentLength - skip;
                if (chunk > remaining)
                {
                    chunk = remaining;
                }

                ulong address = _addresses[i] + (ulong)skip;
                bool ok = toMemory
                    ? _memory.DeviceWrite(address, buffer, bufferOffset, chunk)
                    : _memory.DeviceRead(address, buffer, bufferOffset, chunk);
                if (!ok)
                {
                    return false;
                }

                bufferOffset += chunk;
                remaining -= chunk;
                skip = 0;
            }

            return remaining == 0;
        }
    }
}
