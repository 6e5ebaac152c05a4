namespace VirtioMmio.Devices.Clock
{
    /// <summary>virtio-clock device feature bits (bit numbers 1 and 2; bit 0 is unused).</summary>
    public static class ClockFeatures
    {
        /// <summary>VIRTIO_CLK_F_RESET: num_resets is valid and RESET requests are served.</summary>
        public const ulong Reset = 1UL << 1;

        /// <summary>VIRTIO_CLK_F_NAME: config.name selects the guest's SoC table and messages carry table names.</summary>
        public const ulong Name = 1UL << 2;
    }
}
