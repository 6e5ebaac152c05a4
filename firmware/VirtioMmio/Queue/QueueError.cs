namespace VirtioMmio.Queue
{
    /// <summary>Why a queue stopped. Every non-None value makes the device set DEVICE_NEEDS_RESET (spec V-09).</summary>
    public enum QueueError
    {
        None = 0,

        /// <summary>avail idx moved more than the queue size past the last seen one.</summary>
        AvailIndexTooFar = 1,

        /// <summary>A head or next index not inside the (direct or indirect) table.</summary>
        DescriptorIndexOutOfRange = 2,

        /// <summary>A chain longer than its table: it must loop.</summary>
        ChainLoopOrTooLong = 3,

        /// <summary>More segments than <see cref="VirtioRequest.MaxSegments"/>.</summary>
        TooManySegments = 4,

        /// <summary>INDIRECT used although VIRTIO_F_INDIRECT_DESC was not negotiated.</summary>
        IndirectNotNegotiated = 5,

        /// <summary>INDIRECT inside an indirect table, or INDIRECT together with NEXT.</summary>
        BadIndirectChain = 6,

        /// <summary>Indirect table length 0 or not a multiple of 16, or outside the memory window.</summary>
        BadIndirectTable = 7,

        /// <summary>A device-readable descriptor after a device-writable one (spec §2.7.4.2).</summary>
        ReadableAfterWritable = 8,

        /// <summary>A buffer, ring or table address outside the memory window.</summary>
        OutsideMemoryWindow = 9,

        /// <summary>Ring addresses misaligned or outside the window when the queue was enabled.</summary>
        BadRingLayout = 10,
    }
}
