namespace LinuxVirtio.Ring;

/// <summary>Split-ring layout and flags of <c>include/uapi/linux/virtio_ring.h</c>.</summary>
public static class VringLayout
{
    public const ushort VRING_DESC_F_NEXT = 1;
    public const ushort VRING_DESC_F_WRITE = 2;
    public const ushort VRING_DESC_F_INDIRECT = 4;
    public const ushort VRING_USED_F_NO_NOTIFY = 1;
    public const ushort VRING_AVAIL_F_NO_INTERRUPT = 1;

    public const int DescSize = 16;
    public const int UsedElemSize = 8;

    /// <summary>vring_size(): descriptors, avail ring (+used_event), padding to <paramref name="align"/>, used ring (+avail_event).</summary>
    public static int vring_size(int num, int align) => AvailEnd(num, align) + 6 + (UsedElemSize * num);

    /// <summary>Offset of the used ring from the descriptor table.</summary>
    public static int AvailEnd(int num, int align) => AlignUp((DescSize * num) + 6 + (2 * num), align);

    public static int AlignUp(int value, int align) => (value + align - 1) & ~(align - 1);

    /// <summary>vring_need_event(): should the driver notify, given the device's avail_event?</summary>
    public static bool vring_need_event(ushort eventIdx, ushort newIdx, ushort old) =>
        (ushort)(newIdx - eventIdx - 1) < (ushort)(newIdx - old);
}
