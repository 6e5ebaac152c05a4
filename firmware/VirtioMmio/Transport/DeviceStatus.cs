namespace VirtioMmio.Transport
{
    /// <summary>Device status bits (virtio 1.2 §2.1).</summary>
    public static class DeviceStatus
    {
        public const uint Acknowledge = 0x01;
        public const uint Driver = 0x02;
        public const uint DriverOk = 0x04;
        public const uint FeaturesOk = 0x08;

        /// <summary>virtio 1.4 SUSPEND: never offered here (Linux mmio does not use it), so a write of it is refused.</summary>
        public const uint Suspend = 0x10;

        /// <summary>Set by the device only, on an unrecoverable error.</summary>
        public const uint DeviceNeedsReset = 0x40;

        /// <summary>Set by the driver when it gave up; may be OR-ed in at any time.</summary>
        public const uint Failed = 0x80;

        /// <summary>The bits that walk the initialisation sequence (the state proper).</summary>
        public const uint SequenceMask = Acknowledge | Driver | FeaturesOk | DriverOk;
    }
}
