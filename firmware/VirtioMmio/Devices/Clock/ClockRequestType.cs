namespace VirtioMmio.Devices.Clock
{
    /// <summary>VIRTIO_CLK_T_* request types (the <c>type</c> field). 7 is not defined.</summary>
    public static class ClockRequestType
    {
        public const uint Enable = 0;
        public const uint Disable = 1;
        public const uint SetRate = 2;
        public const uint GetRate = 3;
        public const uint RoundRate = 4;

        /// <summary>data[0] = 1 assert, 0 deassert; id is the reset index.</summary>
        public const uint Reset = 5;

        /// <summary>data[0] = a branch_mem_flags action (4.14 guests only).</summary>
        public const uint SetFlags = 6;

        /// <summary>data[0] = index into the clock's parent names.</summary>
        public const uint SetParent = 8;
    }
}
