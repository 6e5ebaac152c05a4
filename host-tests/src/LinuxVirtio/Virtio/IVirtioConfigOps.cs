using LinuxVirtio.Ring;

namespace LinuxVirtio.Virtio;

/// <summary>One entry of find_vqs' <c>struct virtqueue_info</c> array: a name (null = no queue) and a callback.</summary>
public sealed record VirtqueueInfo(string? Name, Action<Virtqueue>? Callback);

/// <summary><c>struct virtio_config_ops</c>: what the core asks of a transport.</summary>
public interface IVirtioConfigOps
{
    /// <summary>Reads <paramref name="buf"/>.Length bytes of device config at <paramref name="offset"/>.</summary>
    void get(VirtioDevice vdev, int offset, Span<byte> buf);

    void set(VirtioDevice vdev, int offset, ReadOnlySpan<byte> buf);

    uint generation(VirtioDevice vdev);

    byte get_status(VirtioDevice vdev);

    void set_status(VirtioDevice vdev, byte status);

    /// <summary>
    /// get_status then set_status(old | bits): the body of virtio_add_status, carried as one read-modify-write bus
    /// operation (the trace still shows the R and the W). The kernel uses the read only to build the write, so the
    /// bus may defer it like a write (one round trip fewer per status step over the bridge).
    /// </summary>
    void add_status(VirtioDevice vdev, byte bits);

    void reset(VirtioDevice vdev);

    int find_vqs(VirtioDevice vdev, VirtqueueInfo[] infos, Virtqueue?[] vqs);

    void del_vqs(VirtioDevice vdev);

    void synchronize_cbs(VirtioDevice vdev);

    ulong get_features(VirtioDevice vdev);

    int finalize_features(VirtioDevice vdev);

    string bus_name(VirtioDevice vdev);

    /// <summary>config_ops->noirq_safe (RFC v8+): every op above may run in noirq context.</summary>
    bool noirq_safe { get; }

    /// <summary>Whether config_ops->reset_vqs is set.</summary>
    bool has_reset_vqs { get; }

    /// <summary>config_ops->reset_vqs (RFC): re-programs every existing vq in place, allocating nothing.</summary>
    int reset_vqs(VirtioDevice vdev);
}
