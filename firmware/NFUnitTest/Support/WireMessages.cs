using VirtioMmio.Memory;

namespace NFUnitTest.Support
{
    /// <summary>
    /// The Qualcomm virtio_clk / virtio_regulator messages exactly as the Linux drivers lay them out (kzalloc'ed, name
    /// NUL-terminated, fields little-endian), written from the wire reference rather than the library's constants.
    /// </summary>
    public static class WireMessages
    {
        public const int ClockSize = 68;
        public const int ClockResult = 48;
        public const int ClockData0 = 52;

        public const int RegulatorSize = 44;
        public const int RegulatorResult = 24;
        public const int RegulatorData0 = 28;

        public const uint ClockEnable = 0;
        public const uint ClockDisable = 1;
        public const uint ClockSetRate = 2;
        public const uint ClockGetRate = 3;

        public const uint RegulatorEnable = 0;
        public const uint RegulatorDisable = 1;
        public const uint RegulatorSetVoltage = 2;
        public const uint RegulatorGetVoltage = 3;

        /// <summary>-ENOENT and -EINVAL as the two's-complement u32 the drivers read from result.</summary>
        public const uint ENoEnt = 0xFFFFFFFE;
        public const uint EInval = 0xFFFFFFEA;

        /// <summary>struct virtio_clk_msg: name[40], id, type, result, data[4].</summary>
        public static byte[] Clock(string name, uint id, uint type, uint data0)
        {
            byte[] message = new byte[ClockSize];
            WriteName(message, name, 39);
            LittleEndian.WriteU32(message, 40, id);
            LittleEndian.WriteU32(message, 44, type);
            LittleEndian.WriteU32(message, 52, data0);
            return message;
        }

        /// <summary>struct virtio_regulator_msg: name[20], type, result, data[4].</summary>
        public static byte[] Regulator(string name, uint type, uint data0, uint data1)
        {
            byte[] message = new byte[RegulatorSize];
            WriteName(message, name, 19);
            LittleEndian.WriteU32(message, 20, type);
            LittleEndian.WriteU32(message, 28, data0);
            LittleEndian.WriteU32(message, 32, data1);
            return message;
        }

        private static void WriteName(byte[] message, string name, int maxLength)
        {
            for (int i = 0; i < name.Length && i < maxLength; i++)
            {
                message[i] = (byte)name[i];
            }
        }
    }
}
