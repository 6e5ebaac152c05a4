namespace VirtioMmio.Bridge
{
    /// <summary>Wire constants of the bridge protocol (docs/bridge-protocol.md). All multi-byte fields are little-endian.</summary>
    public static class BridgeProtocol
    {
        public const byte Version = 1;

        public const byte TypeRequest = 0x01;
        public const byte TypeReply = 0x81;
        public const byte TypeEvent = 0x82;

        // Header fields common to every packet.
        public const int VersionOffset = 0;
        public const int TypeOffset = 1;
        public const int SessionOffset = 2;
        public const int SeqOffset = 4;

        /// <summary>Request: number of ops. Reply: status (a <see cref="BridgeError"/>).</summary>
        public const int CountOrStatusOffset = 6;

        /// <summary>Request: reserved, 0. Reply: number of per-op results that follow.</summary>
        public const int FlagsOrResultsOffset = 7;

        public const int RequestHeaderLength = 8;

        // Reply and event header continuation.
        public const int BootIdOffset = 8;
        public const int IrqEpochOffset = 12;
        public const int IrqLevelsOffset = 14;
        public const int ReplyHeaderLength = 16;

        public const int CrcLength = 4;

        /// <summary>Register offsets are 12-bit: the virtio-mmio register window is one 4 KiB page.</summary>
        public const int RegisterWindowSize = 0x1000;

        /// <summary>Most device slots one link can address (the interrupt-level bitmap is 16 bits).</summary>
        public const int MaxSlots = 16;

        // Argument lengths (after the op code byte).
        public const int RegisterReadArgs = 4;     // slot u8, width u8, offset u16
        public const int RegisterWriteArgs = 8;    // slot u8, width u8, offset u16, value u32
        public const int MemArgs = 10;             // address u64, length u16
        public const int StatsArgs = 1;            // slot u8
        public const int ReadExpectArgs = 8;       // slot u8, width u8, offset u16, expected u32

        // Result data lengths (after the result code byte), when the result is Ok.
        public const int ReadResultData = 5;       // class u8, value u32
        public const int WriteResultData = 1;      // class u8
        public const int OrResultData = 5;         // class u8, old value u32
        public const int StatsResultData = 24;     // 6 x u32
    }
}
