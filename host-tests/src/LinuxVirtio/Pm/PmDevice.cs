namespace LinuxVirtio.Pm;

/// <summary>
/// A device on the PM core's dpm_list with its <c>struct dev_pm_ops</c> (null = callback not provided).
/// The same callbacks serve every transition (SET_SYSTEM_SLEEP_PM_OPS / SET_NOIRQ_SYSTEM_SLEEP_PM_OPS fill
/// suspend/freeze/poweroff and resume/thaw/restore alike), which is what virtio-mmio does.
/// </summary>
public sealed class PmDevice
{
    public PmDevice(string name, PmDevice? parent = null)
    {
        Name = name;
        Parent = parent;
    }

    public string Name { get; }

    public PmDevice? Parent { get; }

    public Func<int>? Suspend { get; init; }

    public Func<int>? SuspendLate { get; init; }

    public Func<int>? SuspendNoirq { get; init; }

    public Func<int>? ResumeNoirq { get; init; }

    public Func<int>? ResumeEarly { get; init; }

    public Func<int>? Resume { get; init; }
}
