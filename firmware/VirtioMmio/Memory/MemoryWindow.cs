namespace VirtioMmio.Memory
{
    /// <summary>
    /// The bounded window of bytes the device may touch: the SRAM the host writes rings and buffers into.
    /// Guest addresses in [BaseAddress, BaseAddress + Size) map to offsets 0..Size-1. Every access is
    /// bounds-checked and a failed check is a return value, never an exception, and touches nothing.
    /// Device-side accesses (queue walks, request buffers) go through the Device* methods and are counted,
    /// so tests can prove "no memory access" (spec M-07, R-02); the host side (bridge memory ops) uses Host*.
    /// </summary>
    public sealed class MemoryWindow
    {
        private readonly byte[] _bytes;

        public MemoryWindow(ulong baseAddress, int size)
        {
            if (size <= 0)
            {
                throw new System.ArgumentOutOfRangeException();
            }

            // The window must not wrap the 64-bit address space.
            if (baseAddress + (ulong)size < baseAddress)
            {
                throw new System.ArgumentOutOfRangeException();
            }

            BaseAddress = baseAddress;
            Size = size;
            _bytes = new byte[size];
        }

        public ulong BaseAddress { get; }

        public int Size { get; }

        /// <summary>Number of device-side reads performed (successful or not).</summary>
        public int DeviceReads { get; private set; }

        /// <summary>Number of device-side writes performed (successful or not).</summary>
        public int DeviceWrites { get; private set; }

        /// <summary>Number of device-side accesses refused because they fell outside the window.</summary>
        public int DeviceFaults { get; private set; }

        /// <summary>True if [address, address+length) lies entirely inside the window (overflow-safe).</summary>
        public bool Contains(ulong address, ulong length)
        {
            if (address < BaseAddress)
            {
                return false;
            }

            ulong offset = address - BaseAddress;
            ulong size = (ulong)Size;
            return offset <= size && length <= size - offset;
        }

        /// <summary>Translates a guest address range to a window offset.</summary>
        public bool TryGetOffset(ulong address, ulong length, out int offset)
        {
            if (!Contains(address, length))
            {
                offset = 0;
                return false;
            }

            offset = (int)(address - BaseAddress);
            return true;
        }

        public bool DeviceReadU16(ulong address, out ushort value)
        {
            DeviceReads++;
            if (!TryGetOffset(address, 2, out int offset))
            {
                DeviceFaults++;
                value = 0;
                return false;
            }

            value = LittleEndian.ReadU16(_bytes, offset);
            return true;
        }

        public bool DeviceReadU32(ulong address, out uint value)
        {
            DeviceReads++;
            if (!TryGetOffset(address, 4, out int offset))
            {
                DeviceFaults++;
                value = 0;
                return false;
            }

            value = LittleEndian.ReadU32(_bytes, offset);
            return true;
        }

        public bool DeviceReadU64(ulong address, out ulong value)
        {
            DeviceReads++;
            if (!TryGetOffset(address, 8, out int offset))
            {
                DeviceFaults++;
                value = 0;
                return false;
            }

            value = LittleEndian.ReadU64(_bytes, offset);
            return true;
        }

        public bool DeviceWriteU16(ulong address, ushort value)
        {
            DeviceWrites++;
            if (!TryGetOffset(address, 2, out int offset))
            {
                DeviceFaults++;
                return false;
            }

            LittleEndian.WriteU16(_bytes, offset, value);
            return true;
        }

        public bool DeviceWriteU32(ulong address, uint value)
        {
            DeviceWrites++;
            if (!TryGetOffset(address, 4, out int offset))
            {
                DeviceFaults++;
                return false;
            }

            LittleEndian.WriteU32(_bytes, offset, value);
            return true;
        }

        /// <summary>Copies <paramref name="count"/> bytes from guest memory into <paramref name="destination"/>.</summary>
        public bool DeviceRead(ulong address, byte[] destination, int destinationOffset, int count)
        {
            DeviceReads++;
            if (!IsValidSpan(destination, destinationOffset, count) || !TryGetOffset(address, (ulong)count, out int offset))
            {
                DeviceFaults++;
                return false;
            }

            System.Array.Copy(_bytes, offset, destination, destinationOffset, count);
            return true;
        }

        /// <summary>Copies <paramref name="count"/> bytes from <paramref name="source"/> into guest memory.</summary>
        public bool DeviceWrite(ulong address, byte[] source, int sourceOffset, int count)
        {
            DeviceWrites++;
            if (!IsValidSpan(source, sourceOffset, count) || !TryGetOffset(address, (ulong)count, out int offset))
            {
                DeviceFaults++;
                return false;
            }

            System.Array.Copy(source, sourceOffset, _bytes, offset, count);
            return true;
        }

        /// <summary>Host-side (bridge) read of a byte range; not counted as a device access.</summary>
        public bool HostRead(ulong address, byte[] destination, int destinationOffset, int count)
        {
            if (!IsValidSpan(destination, destinationOffset, count) || !TryGetOffset(address, (ulong)count, out int offset))
            {
                return false;
            }

            System.Array.Copy(_bytes, offset, destination, destinationOffset, count);
            return true;
        }

        /// <summary>Host-side (bridge) write of a byte range; not counted as a device access.</summary>
        public bool HostWrite(ulong address, byte[] source, int sourceOffset, int count)
        {
            if (!IsValidSpan(source, sourceOffset, count) || !TryGetOffset(address, (ulong)count, out int offset))
            {
                return false;
            }

            System.Array.Copy(source, sourceOffset, _bytes, offset, count);
            return true;
        }

        /// <summary>Zeroes the whole window (a device restart; never done by a virtio reset).</summary>
        public void Clear()
        {
            System.Array.Clear(_bytes, 0, _bytes.Length);
        }

        /// <summary>Resets the access counters (tests).</summary>
        public void ResetCounters()
        {
            DeviceReads = 0;
            DeviceWrites = 0;
            DeviceFaults = 0;
        }

        private static bool IsValidSpan(byte[] buffer, int offset, int count)
        {
            return buffer != null && offset >= 0 && count >= 0 && offset <= buffer.Length && count <= buffer.Length - offset;
        }
    }
}
