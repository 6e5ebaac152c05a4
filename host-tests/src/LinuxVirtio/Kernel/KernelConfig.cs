namespace LinuxVirtio.Kernel;

/// <summary>Which revision of the noirq RFC the model follows (§1.2 and §1.4 of the reference).</summary>
public enum NoirqRfc
{
    /// <summary>RFC v2: no noirq_safe, no noirq_restore_done; restore always skips re-init when restore_noirq exists.</summary>
    V2,

    /// <summary>RFC v8/v9: noirq_safe, freeze-time checks, -EIO from restore when the noirq restore failed.</summary>
    V9,
}

/// <summary>Build-time configuration of the modelled kernel (Kconfig and RFC revision).</summary>
public sealed record KernelConfig
{
    public NoirqRfc Rfc { get; init; } = NoirqRfc.V9;

    /// <summary>CONFIG_VIRTIO_HARDEN_NOTIFICATION: break vqs on reset, unbreak just before DRIVER_OK.</summary>
    public bool HardenNotification { get; init; } = true;

    /// <summary>A mem_acc callback is registered (confidential guest): VERSION_1 and ACCESS_PLATFORM become mandatory.</summary>
    public bool MemAccCallback { get; init; }

    /// <summary>PAGE_SIZE of the modelled guest.</summary>
    public int PageSize { get; init; } = 4096;

    /// <summary>How long a wait_for_completion or a used-ring poll may take before the model calls it a hang.</summary>
    public TimeSpan CompletionTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
