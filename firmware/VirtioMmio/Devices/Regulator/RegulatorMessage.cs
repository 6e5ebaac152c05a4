namespace VirtioMmio.Devices.Regulator
{
    /// <summary>
    /// Layout of <c>struct virtio_regulator_msg</c> (44 bytes, little-endian):
    /// name[20] @0, type @20, result @24, data[4] @28/32/36/40. No id: regulators are named.
    /// </summary>
    public static class RegulatorMessage
    {
        public const int Size = 44;
        public const int NameOffset = 0;
        public const int NameLength = 20;
        public const int TypeOffset = 20;
        public const int ResultOffset = 24;
        public const int Data0Offset = 28;
        public const int Data1Offset = 32;
    }
}
