namespace VirtioMmio.Transport
{
    /// <summary>Feature bits the transport knows about (virtio 1.2 §6) and the device-type ranges.</summary>
    public static class VirtioFeatures
    {
        public const ulong IndirectDescriptors = 1UL << 28;
        public const ulong EventIdx = 1UL << 29;
        public const ulong Version1 = 1UL << 32;
        public const ulong AccessPlatform = 1UL << 33;
        public const ulong RingPacked = 1UL << 34;
        public const ulong InOrder = 1UL << 35;
        public const ulong OrderPlatform = 1UL << 36;
        public const ulong SrIov = 1UL << 37;
        public const ulong NotificationData = 1UL << 38;
        public const ulong NotifConfigData = 1UL << 39;
        public const ulong RingReset = 1UL << 40;
        public const ulong AdminVq = 1UL << 41;

        /// <summary>
        /// Bits a personality may claim: device-type bits 0-23 and 50-63. Everything else is the transport's,
        /// which offers only what it implements (spec F-01, F-03, F-09, M-25).
        /// </summary>
        public const ulong DeviceTypeMask = 0x0000000000FFFFFFUL | 0xFFFC000000000000UL;
    }
}
