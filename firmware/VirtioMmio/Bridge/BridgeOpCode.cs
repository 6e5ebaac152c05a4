namespace VirtioMmio.Bridge
{
    /// <summary>Operation codes inside a request. Argument and result layouts are in docs/bridge-protocol.md.</summary>
    public enum BridgeOpCode
    {
        /// <summary>Opens a session and returns the device information block.</summary>
        Hello = 0x01,

        /// <summary>Register read: slot, width, offset. Result: access class, value.</summary>
        Read = 0x02,

        /// <summary>Register write: slot, width, offset, value. Result: access class.</summary>
        Write = 0x03,

        /// <summary>Read-modify-write OR (virtio_add_status): slot, width, offset, bits. Result: access class of the write, old value.</summary>
        ReadOrWrite = 0x04,

        /// <summary>Memory read: address, length. Result: the bytes.</summary>
        MemRead = 0x05,

        /// <summary>Memory write: address, length, bytes. Result: nothing.</summary>
        MemWrite = 0x06,

        /// <summary>Device counters of one slot. Result: six 32-bit counters/registers.</summary>
        Stats = 0x07,

        /// <summary>Test stimulus: the slot's device changes its config space on its own (as while the guest sleeps). Result: nothing.</summary>
        ChangeConfig = 0x08,

        /// <summary>
        /// Register read the host expects to return a given value: slot, width, offset, expected. Result: access class,
        /// value. A different value fails the op with <see cref="BridgeError.ExpectMismatch"/> (the result still carries
        /// the value) and so stops the batch: this is what lets the host send a data-dependent sequence in one request.
        /// </summary>
        ReadExpect = 0x09,

        /// <summary>
        /// Memory read the host expects to return given bytes: address, length, expected bytes. Result: nothing when
        /// equal; on <see cref="BridgeError.ExpectMismatch"/>, the bytes actually in memory.
        /// </summary>
        MemExpect = 0x0A,
    }
}
