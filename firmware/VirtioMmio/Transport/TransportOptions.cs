namespace VirtioMmio.Transport
{
    /// <summary>Construction-time options of the transport; fixed for the device's lifetime.</summary>
    public sealed class TransportOptions
    {
        /// <summary>2 = modern virtio-mmio (default); 1 = legacy (GuestPageSize, QueueAlign, QueuePFN).</summary>
        public int Version = 2;

        /// <summary>VendorID register value (0x00c).</summary>
        public uint VendorId = 0x4F4E5652; // "RVNO": noirq-virtio reference

        /// <summary>Offer VIRTIO_F_INDIRECT_DESC (28).</summary>
        public bool OfferIndirectDescriptors = true;

        /// <summary>Offer VIRTIO_F_RING_EVENT_IDX (29).</summary>
        public bool OfferEventIdx = true;

        /// <summary>Offer VIRTIO_F_ACCESS_PLATFORM (33) (restricted-memory guests, mem_acc callback).</summary>
        public bool OfferAccessPlatform = false;

        /// <summary>Offer VIRTIO_F_RING_RESET (40) and implement QueueReset (0x0c0). Linux mmio never uses it.</summary>
        public bool OfferRingReset = false;
    }
}
