namespace VirtioMmio.Bridge
{
    /// <summary>Result codes carried in a reply's status byte and at the start of every per-op result.</summary>
    public enum BridgeError
    {
        Ok = 0x00,

        /// <summary>The packet is malformed: too short, wrong version or type, truncated op, trailing bytes, zero session.</summary>
        BadFrame = 0x01,

        /// <summary>The CRC-32 trailer does not match.</summary>
        BadCrc = 0x02,

        /// <summary>An op code the device does not know.</summary>
        UnknownOp = 0x03,

        /// <summary>A memory op that does not lie entirely inside the shared memory window.</summary>
        OutOfWindow = 0x04,

        /// <summary>A register width other than 1, 2 or 4.</summary>
        BadWidth = 0x05,

        /// <summary>A register offset outside the 4 KiB register window (0x000-0xFFF).</summary>
        BadOffset = 0x06,

        /// <summary>The device cannot serve requests right now; nothing was executed, retry later.</summary>
        Busy = 0x07,

        /// <summary>A slot number the device does not have.</summary>
        BadSlot = 0x08,

        /// <summary>The request's session is not the current one and does not start with HELLO.</summary>
        NoSession = 0x09,

        /// <summary>The sequence number is older than the last executed request and its reply is no longer cached.</summary>
        Stale = 0x0A,

        /// <summary>The request, or the reply it would need, exceeds the maximum packet size.</summary>
        TooLarge = 0x0B,

        /// <summary>The slot's device cannot do what the op asks (e.g. CHANGE_CONFIG on a device without that stimulus).</summary>
        Unsupported = 0x0C,

        /// <summary>
        /// A READ_EXPECT or MEM_EXPECT op read something other than the host expected. Unlike every other op error, the
        /// result keeps its data (the value or bytes actually read), so the host learns the truth in the same reply.
        /// </summary>
        ExpectMismatch = 0x0D,
    }
}
