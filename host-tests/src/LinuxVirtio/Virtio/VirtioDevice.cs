using LinuxVirtio.Ring;

namespace LinuxVirtio.Virtio;

/// <summary><c>struct virtio_device</c>: the core's view of one device.</summary>
public sealed class VirtioDevice
{
    public VirtioDevice(Kernel.Kernel kernel, IVirtioConfigOps config, string name)
    {
        Kernel = kernel;
        config_ops = config;
        Name = name;
    }

    public Kernel.Kernel Kernel { get; }

    /// <summary>dev->config.</summary>
    public IVirtioConfigOps config_ops { get; }

    /// <summary>dev_name(&amp;vdev->dev), e.g. "virtio0".</summary>
    public string Name { get; }

    /// <summary>id.device.</summary>
    public uint DeviceId { get; set; }

    /// <summary>id.vendor.</summary>
    public uint VendorId { get; set; }

    /// <summary>dev->features: negotiated at probe, written back on every restore.</summary>
    public ulong features { get; set; }

    /// <summary>dev->failed: FAILED was set when the device was frozen.</summary>
    public bool failed { get; set; }

    public bool config_core_enabled { get; set; }

    public bool config_driver_disabled { get; set; }

    public bool config_change_pending { get; set; }

    /// <summary>dev->noirq_restore_done (RFC v8+).</summary>
    public bool noirq_restore_done { get; set; }

    /// <summary>dev->vqs, in creation order.</summary>
    public List<Virtqueue> vqs { get; } = new();

    /// <summary>The bound driver (dev->dev.driver), or null.</summary>
    public VirtioDriver? Driver { get; set; }

    /// <summary>The DMA API of the device's parent: allocator over the shared window (dma_alloc/kmalloc).</summary>
    public Kernel.DmaAllocator? Dma { get; set; }

    /// <summary>CPU access to the DMA memory (the bus's memory accessors; not traced as register accesses).</summary>
    public Bus.IVirtioMmioBus? DmaMemory { get; set; }

    /// <summary>Driver private data (vdev->priv).</summary>
    public object? priv { get; set; }

    public bool virtio_has_feature(int fbit) => (features & (1UL << fbit)) != 0;

    public void __virtio_set_bit(int fbit) => features |= 1UL << fbit;

    public void __virtio_clear_bit(int fbit) => features &= ~(1UL << fbit);
}
