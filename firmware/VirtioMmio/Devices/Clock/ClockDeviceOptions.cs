namespace VirtioMmio.Devices.Clock
{
    /// <summary>Construction-time options of a virtio-clock device; fixed for its lifetime.</summary>
    public sealed class ClockDeviceOptions
    {
        /// <summary>VIRTIO_ID_CLOCK of current Qualcomm guests.</summary>
        public const uint ModernDeviceId = 0xC000;

        /// <summary>VIRTIO_ID_CLOCK(_BC) of older guests (collides with upstream VIDEO_ENCODER).</summary>
        public const uint LegacyDeviceId = 30;

        /// <summary>0xC000 (default) or 30.</summary>
        public uint DeviceId = ModernDeviceId;

        /// <summary>Offer VIRTIO_CLK_F_RESET (bit 1): num_resets in config and RESET requests.</summary>
        public bool OfferReset = true;

        /// <summary>
        /// Offer VIRTIO_CLK_F_NAME (bit 2). The guest then selects its built-in SoC table by <see cref="ConfigName"/>
        /// and fails probe with -ENXIO if it has no such table, so offer it only with a name the guest knows.
        /// </summary>
        public bool OfferName;

        /// <summary>config.name (at most 19 characters, NUL-terminated in the 20-byte field), e.g. "sm8150-gcc".</summary>
        public string ConfigName = "";

        /// <summary>
        /// Compatibility write-back (default on): a request that comes as one device-readable buffer gets its reply
        /// written into that buffer (a documented exception to spec V-02). Off: such a request gets no reply.
        /// </summary>
        public bool WriteBack = true;

        /// <summary>QueueNumMax of the single queue (power of two, 1..32768). The driver has one request in flight.</summary>
        public ushort QueueMaxSize = 16;
    }
}
