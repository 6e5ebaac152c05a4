namespace VirtioMmio.Bridge
{
    /// <summary>
    /// SLIP framing (RFC 1055) of bridge packets on a byte stream. A frame is END, the escaped packet, END.
    /// END inside a packet is sent as ESC ESC_END and ESC as ESC ESC_ESC, so END only ever appears between frames:
    /// after line noise the receiver resynchronises at the next END.
    /// </summary>
    public static class SlipCodec
    {
        public const byte End = 0xC0;
        public const byte Esc = 0xDB;
        public const byte EscEnd = 0xDC;
        public const byte EscEsc = 0xDD;

        /// <summary>Largest encoded size of a packet of <paramref name="packetLength"/> bytes (every byte escaped, two ENDs).</summary>
        public static int MaxEncodedLength(int packetLength)
        {
            return (2 * packetLength) + 2;
        }

        /// <summary>
        /// Encodes <paramref name="count"/> bytes of <paramref name="packet"/> into <paramref name="output"/>.
        /// Returns the encoded length, or -1 (nothing meaningful written) if <paramref name="output"/> is too small.
        /// </summary>
        public static int Encode(byte[] packet, int offset, int count, byte[] output, int outputOffset)
        {
            int o = outputOffset;
            int limit = output.Length;
            if (o >= limit)
            {
                return -1;
            }

            output[o++] = End;
            for (int i = offset; i < offset + count; i++)
            {
                byte b = packet[i];
                if (b == End || b == Esc)
                {
                    if (o + 2 > limit)
                    {
                        return -1;
                    }

                    output[o++] = Esc;
                    output[o++] = b == End ? EscEnd : EscEsc;
                }
                else
                {
                    if (o + 1 > limit)
                    {
                        return -1;
                    }

                    output[o++] = b;
                }
            }

            if (o + 1 > limit)
            {
                return -1;
            }

            output[o++] = End;
            return o - outputOffset;
        }
    }
}
