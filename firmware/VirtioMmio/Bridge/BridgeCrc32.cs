namespace VirtioMmio.Bridge
{
    /// <summary>
    /// CRC-32 as used by IEEE 802.3, zlib and System.IO.Hashing.Crc32: reflected polynomial 0xEDB88320,
    /// initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF. Check value: "123456789" gives 0xCBF43926.
    /// The 256-entry table is built once; computing a CRC never allocates.
    /// </summary>
    public static class BridgeCrc32
    {
        private const uint ReflectedPolynomial = 0xEDB88320;

        private static readonly uint[] Table = BuildTable();

        /// <summary>CRC of <paramref name="count"/> bytes of <paramref name="buffer"/> starting at <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] buffer, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = Table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc ^ 0xFFFFFFFF;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
