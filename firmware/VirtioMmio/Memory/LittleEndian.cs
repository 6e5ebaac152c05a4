namespace VirtioMmio.Memory
{
    /// <summary>Little-endian reads and writes on byte arrays (virtio 1.x is little-endian; no BinaryPrimitives on nF 1.x core).</summary>
    public static class LittleEndian
    {
        public static ushort ReadU16(byte[] buffer, int offset)
        {
            return (ushort)(buffer[offset] | (buffer[offset + 1] << 8));
        }

        public static uint ReadU32(byte[] buffer, int offset)
        {
            return (uint)(buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24));
        }

        public static ulong ReadU64(byte[] buffer, int offset)
        {
            return ReadU32(buffer, offset) | ((ulong)ReadU32(buffer, offset + 4) << 32);
        }

        public static void WriteU16(byte[] buffer, int offset, ushort value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        public static void WriteU32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        public static void WriteU64(byte[] buffer, int offset, ulong value)
        {
            WriteU32(buffer, offset, (uint)value);
            WriteU32(buffer, offset + 4, (uint)(value >> 32));
        }
    }
}
