namespace VirtioMmio.Transport
{
    /// <summary>
    /// Byte offsets of the virtio-mmio register file (virtio 1.2 §4.2.2; legacy-only registers §4.2.4).
    /// Names follow the spec; Linux's names are given where they differ.
    /// </summary>
    public static class MmioRegisters
    {
        public const int MagicValue = 0x000;
        public const int Version = 0x004;
        public const int DeviceId = 0x008;
        public const int VendorId = 0x00c;
        public const int DeviceFeatures = 0x010;
        public const int DeviceFeaturesSel = 0x014;
        public const int DriverFeatures = 0x020;
        public const int DriverFeaturesSel = 0x024;

        /// <summary>Legacy (Version 1) only: guest page size used to turn QueuePFN into an address.</summary>
        public const int LegacyGuestPageSize = 0x028;

        public const int QueueSel = 0x030;
        public const int QueueNumMax = 0x034;
        public const int QueueNum = 0x038;

        /// <summary>Legacy (Version 1) only: used-ring alignment of the selected queue.</summary>
        public const int LegacyQueueAlign = 0x03c;

        /// <summary>Legacy (Version 1) only: page frame number of the selected queue's ring (0 = stop).</summary>
        public const int LegacyQueuePfn = 0x040;

        public const int QueueReady = 0x044;
        public const int QueueNotify = 0x050;
        public const int InterruptStatus = 0x060;
        public const int InterruptAck = 0x064;
        public const int Status = 0x070;
        public const int QueueDescLow = 0x080;
        public const int QueueDescHigh = 0x084;
        public const int QueueDriverLow = 0x090;  // Linux: QUEUE_AVAIL_LOW
        public const int QueueDriverHigh = 0x094;
        public const int QueueDeviceLow = 0x0a0;  // Linux: QUEUE_USED_LOW
        public const int QueueDeviceHigh = 0x0a4;
        public const int ShmSel = 0x0ac;
        public const int ShmLenLow = 0x0b0;
        public const int ShmLenHigh = 0x0b4;
        public const int ShmBaseLow = 0x0b8;
        public const int ShmBaseHigh = 0x0bc;
        public const int QueueReset = 0x0c0;
        public const int ConfigGeneration = 0x0fc;

        /// <summary>Start of the device-specific configuration space.</summary>
        public const int Config = 0x100;

        /// <summary>"virt" in little-endian.</summary>
        public const uint MagicValueExpected = 0x74726976;

        /// <summary>InterruptStatus bit 0: used buffer notification.</summary>
        public const uint InterruptUsedBuffer = 0x1;

        /// <summary>InterruptStatus bit 1: configuration change notification.</summary>
        public const uint InterruptConfigChange = 0x2;

        /// <summary>Bits of InterruptStatus/InterruptACK with a meaning; all others read 0 and are ignored when written.</summary>
        public const uint InterruptValidMask = InterruptUsedBuffer | InterruptConfigChange;
    }
}
