namespace VirtioMmio.Devices.Clock
{
    /// <summary>
    /// Layout of <c>struct virtio_clk_msg</c> (68 bytes, little-endian):
    /// name[40] @0, id @40, type @44, result @48, data[4] @52/56/60/64.
    /// </summary>
    public static class ClockMessage
    {
        public const int Size = 68;
        public const int NameOffset = 0;
        public const int NameLength = 40;
        public const int IdOffset = 40;
        public const int TypeOffset = 44;
        public const int ResultOffset = 48;
        public const int Data0Offset = 52;
        public const int Data1Offset = 56;
    }
}
