namespace VirtioMmio.Devices.Regulator
{
    /// <summary>Construction-time options of a virtio-regulator device; fixed for its lifetime.</summary>
    public sealed class RegulatorDeviceOptions
    {
        /// <summary>VIRTIO_ID_REGULATOR of current Qualcomm guests.</summary>
        public const uint ModernDeviceId = 0xC001;

        /// <summary>VIRTIO_ID_REGULATOR(_BC) of older guests (collides with upstream VIDEO_DECODER).</summary>
        public const uint LegacyDeviceId = 31;

        /// <summary>0xC001 (default) or 31.</summary>
        public uint DeviceId = ModernDeviceId;

        /// <summary>
        /// Compatibility write-back (default on): a request that comes as one device-readable buffer gets its reply
        /// written into that buffer (a documented exception to spec V-02). Off: such a request gets no reply.
        /// </summary>
        public bool WriteBack = true;

        /// <summary>QueueNumMax of the single queue (power of two, 1..32768). The driver has one request in flight.</summary>
        public ushort QueueMaxSize = 16;
    }
}
