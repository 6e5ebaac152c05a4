namespace LinuxVirtio.Mmio;

/// <summary>
/// Kernel-side fault injection for the error rows of the reference's §3.7 that a correct device cannot provoke:
/// a transport built without reset_vqs or without noirq_safe, and a legacy PFN that does not fit in 32 bits.
/// All false = the RFC's virtio-mmio.
/// </summary>
public sealed record TransportQuirks
{
    /// <summary>config_ops->reset_vqs is NULL (a transport without the RFC's 4/4).</summary>
    public bool NoResetVqs { get; init; }

    /// <summary>config_ops->noirq_safe is false (v8+ semantics).</summary>
    public bool NotNoirqSafe { get; init; }

    /// <summary>vm_active_vq's 32-bit PFN check fails (legacy; -E2BIG).</summary>
    public bool PfnOverflow { get; init; }
}
