namespace LinuxVirtio.Virtio;

/// <summary>
/// <c>struct virtio_driver</c>. A callback the driver does not provide is modelled by its Has* property being
/// false (the core tests the pointer, e.g. "if (drv->restore_noirq)").
/// </summary>
public abstract class VirtioDriver
{
    public abstract string Name { get; }

    /// <summary>id_table: device IDs this driver binds to.</summary>
    public abstract IReadOnlyList<uint> IdTable { get; }

    /// <summary>feature_table: device feature bits the driver knows.</summary>
    public abstract IReadOnlyList<int> FeatureTable { get; }

    public virtual bool HasValidate => false;

    public virtual bool HasFreeze => false;

    public virtual bool HasRestore => false;

    public virtual bool HasFreezeNoirq => false;

    public virtual bool HasRestoreNoirq => false;

    public virtual bool HasConfigChanged => false;

    public virtual int validate(VirtioDevice vdev) => 0;

    public abstract int probe(VirtioDevice vdev);

    public virtual void remove(VirtioDevice vdev)
    {
    }

    public virtual void config_changed(VirtioDevice vdev)
    {
    }

    public virtual int freeze(VirtioDevice vdev) => 0;

    public virtual int restore(VirtioDevice vdev) => 0;

    public virtual int freeze_noirq(VirtioDevice vdev) => 0;

    public virtual int restore_noirq(VirtioDevice vdev) => 0;
}
