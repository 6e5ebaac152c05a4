namespace LinuxVirtio.Uapi;

/// <summary>Device status bits of <c>include/uapi/linux/virtio_config.h</c>.</summary>
public static class VirtioStatus
{
    public const uint Acknowledge = 0x01; // VIRTIO_CONFIG_S_ACKNOWLEDGE
    public const uint Driver = 0x02;      // VIRTIO_CONFIG_S_DRIVER
    public const uint DriverOk = 0x04;    // VIRTIO_CONFIG_S_DRIVER_OK
    public const uint FeaturesOk = 0x08;  // VIRTIO_CONFIG_S_FEATURES_OK
    public const uint NeedsReset = 0x40;  // VIRTIO_CONFIG_S_NEEDS_RESET
    public const uint Failed = 0x80;      // VIRTIO_CONFIG_S_FAILED

    /// <summary>"ACKNOWLEDGE|DRIVER|FEATURES_OK" style rendering, as in the decoded Linux traces.</summary>
    public static string Describe(uint status)
    {
        if (status == 0)
        {
            return "RESET";
        }

        var parts = new List<string>();
        if ((status & Acknowledge) != 0) { parts.Add("ACKNOWLEDGE"); }
        if ((status & Driver) != 0) { parts.Add("DRIVER"); }
        if ((status & DriverOk) != 0) { parts.Add("DRIVER_OK"); }
        if ((status & FeaturesOk) != 0) { parts.Add("FEATURES_OK"); }
        if ((status & NeedsReset) != 0) { parts.Add("NEEDS_RESET"); }
        if ((status & Failed) != 0) { parts.Add("FAILED"); }
        return string.Join('|', parts);
    }
}

/// <summary>Transport feature bit numbers (<c>virtio_config.h</c>, <c>virtio_ring.h</c>).</summary>
public static class VirtioFeatures
{
    public const int IndirectDesc = 28;   // VIRTIO_RING_F_INDIRECT_DESC
    public const int EventIdx = 29;       // VIRTIO_RING_F_EVENT_IDX
    public const int TransportStart = 28; // VIRTIO_TRANSPORT_F_START
    public const int TransportEnd = 42;   // VIRTIO_TRANSPORT_F_END
    public const int Version1 = 32;       // VIRTIO_F_VERSION_1
    public const int AccessPlatform = 33; // VIRTIO_F_ACCESS_PLATFORM
    public const int RingPacked = 34;     // VIRTIO_F_RING_PACKED
    public const int InOrder = 35;        // VIRTIO_F_IN_ORDER
    public const int OrderPlatform = 36;  // VIRTIO_F_ORDER_PLATFORM
    public const int SrIov = 37;          // VIRTIO_F_SR_IOV
    public const int NotificationData = 38; // VIRTIO_F_NOTIFICATION_DATA
    public const int RingReset = 40;      // VIRTIO_F_RING_RESET

    public static ulong Bit(int fbit) => 1UL << fbit;

    public static bool Has(ulong features, int fbit) => (features & Bit(fbit)) != 0;
}
