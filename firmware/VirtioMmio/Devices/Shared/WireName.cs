using VirtioMmio.Annotations;

namespace VirtioMmio.Devices
{
    /// <summary>
    /// Resource names as they travel in a message's fixed-size name field: the driver copies them with
    /// strlcpy/strscpy, so at most fieldLength-1 characters, NUL-terminated, zero-filled. The device compares the
    /// same truncated form, so a resource whose name is longer than the field still matches what the driver sends.
    /// </summary>
    public static class WireName
    {
        /// <summary>True if every character is printable ASCII (0x20-0x7E): what a name field can carry unambiguously.</summary>
        public static bool IsPrintableAscii(string name)
        {
            if (name == null)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c < ' ' || c > '~')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The bytes the driver puts in a field of <paramref name="fieldLength"/> bytes, without the NUL (construction time only).</summary>
        [NoirqExempt("Construction: encodes a resource name once")]
        public static byte[] Encode(string name, int fieldLength)
        {
            int length = name.Length < fieldLength - 1 ? name.Length : fieldLength - 1;
            byte[] key = new byte[length];
            for (int i = 0; i < length; i++)
            {
                key[i] = (byte)name[i];
            }

            return key;
        }

        /// <summary>True if both keys are the same bytes.</summary>
        public static bool SameKey(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// True if the NUL-terminated string at <paramref name="offset"/> equals <paramref name="key"/>. The key is
        /// shorter than the field, so a field without a NUL never matches. Bytes after the NUL are not examined.
        /// </summary>
        public static bool Matches(byte[] message, int offset, byte[] key)
        {
            for (int i = 0; i < key.Length; i++)
            {
                if (message[offset + i] != key[i])
                {
                    return false;
                }
            }

            return message[offset + key.Length] == 0;
        }

        /// <summary>True if the name field is empty (first byte NUL): resets without a name in the guest's table.</summary>
        public static bool IsEmpty(byte[] message, int offset)
        {
            return message[offset] == 0;
        }
    }
}
