namespace VirtioMmio.Devices.Clock
{
    /// <summary>Layout of <c>struct virtio_clk_config</c> (28 bytes, packed, little-endian): num_clks @0, num_resets @4, name[20] @8.</summary>
    public static class ClockConfig
    {
        public const int Size = 28;
        public const int NumClocksOffset = 0;
        public const int NumResetsOffset = 4;
        public const int NameOffset = 8;
        public const int NameLength = 20;
    }
}
