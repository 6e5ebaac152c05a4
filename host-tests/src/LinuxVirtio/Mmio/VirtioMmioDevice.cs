using System.Buffers.Binary;
using LinuxVirtio.Bus;
using LinuxVirtio.Kernel;
using LinuxVirtio.Ring;
using LinuxVirtio.Uapi;
using LinuxVirtio.Virtio;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace LinuxVirtio.Mmio;

/// <summary>
/// <c>drivers/virtio/virtio_mmio.c</c>: <c>struct virtio_mmio_device</c> and <c>virtio_mmio_config_ops</c>, plus the
/// RFC's 4/4 patch (vm_reset_vqs, virtio_mmio_freeze_noirq/restore_noirq, noirq_safe).
/// Every register access goes through the (traced) bus as one readl/writel (readb/readw for config).
/// </summary>
public sealed class VirtioMmioDevice : IVirtioConfigOps
{
    private readonly Kernel.Kernel _kernel;
    private readonly IVirtioMmioBus _base;
    private readonly DmaAllocator _dma;
    private IrqAction? _irq;

    private VirtioMmioDevice(Kernel.Kernel kernel, IVirtioMmioBus bus, DmaAllocator dma, string name, TransportQuirks quirks)
    {
        _kernel = kernel;
        _base = bus;
        _dma = dma;
        Quirks = quirks;
        vdev = new VirtioDevice(kernel, this, name) { Dma = dma, DmaMemory = bus };
    }

    /// <summary>vm_dev->vdev.</summary>
    public VirtioDevice vdev { get; }

    /// <summary>vm_dev->version: 1 (legacy) or 2.</summary>
    public uint version { get; private set; }

    public TransportQuirks Quirks { get; }

    /// <summary>What vm_get_features last read (the device's offer); kept for fault injection and reports.</summary>
    public ulong DeviceFeaturesAtProbe { get; private set; }

    public IVirtioMmioBus Bus => _base;

    public DmaAllocator Dma => _dma;

    public bool noirq_safe => !Quirks.NotNoirqSafe;

    public bool has_reset_vqs => !Quirks.NoResetVqs;

    /// <summary>
    /// virtio_mmio_probe(): magic, version, device ID, vendor ID, [legacy GuestPageSize], register_virtio_device.
    /// Returns the error code; <paramref name="device"/> is set once the transport registered the device.
    /// </summary>
    public static int virtio_mmio_probe(Kernel.Kernel kernel, IVirtioMmioBus bus, DmaAllocator dma, string name,
        VirtioDriver? driver, out VirtioMmioDevice? device, TransportQuirks? quirks = null)
    {
        device = null;
        var vm_dev = new VirtioMmioDevice(kernel, bus, dma, name, quirks ?? new TransportQuirks());

        // Check magic value
        uint magic = bus.Read(MagicValue, 4);
        if (magic != Magic)
        {
            kernel.Log.Add(LogLevel.Warn, name, $"Wrong magic value 0x{magic:x8}!");
            return -Errno.ENODEV;
        }

        // Check device version
        vm_dev.version = bus.Read(VirtioMmioRegisters.Version, 4);
        if (vm_dev.version < 1 || vm_dev.version > 2)
        {
            kernel.Log.Add(LogLevel.Err, name, $"Version {vm_dev.version} not supported!");
            return -Errno.ENXIO;
        }

        vm_dev.vdev.DeviceId = bus.Read(DeviceId, 4);
        if (vm_dev.vdev.DeviceId == 0)
        {
            // virtio-mmio device with an ID 0 is a (dummy) placeholder with no function.
            return -Errno.ENODEV;
        }

        vm_dev.vdev.VendorId = bus.Read(VendorId, 4);
        if (vm_dev.version == 1)
        {
            bus.Write(GuestPageSize, 4, (uint)kernel.Config.PageSize);
        }

        device = vm_dev;
        return VirtioCore.register_virtio_device(vm_dev.vdev, driver);
    }

    // ------------------------------------------------------------------ config ops

    /// <summary>vm_get_features(): DeviceFeaturesSel=1, high word first, then Sel=0 and the low word.</summary>
    public ulong get_features(VirtioDevice vdev)
    {
        _base.Write(DeviceFeaturesSel, 4, 1);
        ulong features = _base.Read(DeviceFeatures, 4);
        features <<= 32;
        _base.Write(DeviceFeaturesSel, 4, 0);
        features |= _base.Read(DeviceFeatures, 4);
        DeviceFeaturesAtProbe = features;
        return features;
    }

    /// <summary>vm_finalize_features(): vring_transport_features, the version-2-needs-VERSION_1 check, then the writes.</summary>
    public int finalize_features(VirtioDevice vdev)
    {
        // Give virtio_ring a chance to accept features.
        vring_transport_features(vdev);

        // Make sure there are no mixed devices
        if (version == 2 && !vdev.virtio_has_feature(VirtioFeatures.Version1))
        {
            _kernel.Log.Add(LogLevel.Err, vdev.Name, "New virtio-mmio devices (version 2) must provide VIRTIO_F_VERSION_1 feature!");
            return -Errno.EINVAL;
        }

        _base.Write(DriverFeaturesSel, 4, 1);
        _base.Write(DriverFeatures, 4, (uint)(vdev.features >> 32));
        _base.Write(DriverFeaturesSel, 4, 0);
        _base.Write(DriverFeatures, 4, (uint)vdev.features);
        return 0;
    }

    /// <summary>vm_get(): v1 byte by byte; v2 by size (8 = two readl).</summary>
    public void get(VirtioDevice vdev, int offset, Span<byte> buf)
    {
        int at = Config + offset;
        if (version == 1)
        {
            for (int i = 0; i < buf.Length; i++)
            {
                buf[i] = (byte)_base.Read(at + i, 1);
            }

            return;
        }

        switch (buf.Length)
        {
            case 1:
                buf[0] = (byte)_base.Read(at, 1);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(buf, (ushort)_base.Read(at, 2));
                break;
            case 4:
                BinaryPrimitives.WriteUInt32LittleEndian(buf, _base.Read(at, 4));
                break;
            case 8:
                BinaryPrimitives.WriteUInt32LittleEndian(buf, _base.Read(at, 4));
                BinaryPrimitives.WriteUInt32LittleEndian(buf[4..], _base.Read(at + 4, 4));
                break;
            default:
                throw new ProtocolViolationException($"BUG: vm_get of {buf.Length} bytes");
        }
    }

    /// <summary>vm_set(): mirror of vm_get.</summary>
    public void set(VirtioDevice vdev, int offset, ReadOnlySpan<byte> buf)
    {
        int at = Config + offset;
        if (version == 1)
        {
            for (int i = 0; i < buf.Length; i++)
            {
                _base.Write(at + i, 1, buf[i]);
            }

            return;
        }

        switch (buf.Length)
        {
            case 1:
                _base.Write(at, 1, buf[0]);
                break;
            case 2:
                _base.Write(at, 2, BinaryPrimitives.ReadUInt16LittleEndian(buf));
                break;
            case 4:
                _base.Write(at, 4, BinaryPrimitives.ReadUInt32LittleEndian(buf));
                break;
            case 8:
                _base.Write(at, 4, BinaryPrimitives.ReadUInt32LittleEndian(buf));
                _base.Write(at + 4, 4, BinaryPrimitives.ReadUInt32LittleEndian(buf[4..]));
                break;
            default:
                throw new ProtocolViolationException($"BUG: vm_set of {buf.Length} bytes");
        }
    }

    /// <summary>vm_generation(): legacy devices have none.</summary>
    public uint generation(VirtioDevice vdev) => version == 1 ? 0 : _base.Read(ConfigGeneration, 4);

    /// <summary>vm_get_status().</summary>
    public byte get_status(VirtioDevice vdev) => (byte)(_base.Read(Status, 4) & 0xff);

    /// <summary>vm_set_status(): "We should never be setting status to 0."</summary>
    public void set_status(VirtioDevice vdev, byte status)
    {
        if (status == 0)
        {
            throw new ProtocolViolationException("BUG_ON(status == 0) in vm_set_status: use vm_reset");
        }

        _base.Write(Status, 4, status);
    }

    public void add_status(VirtioDevice vdev, byte bits) => _base.ReadModifyWriteOrDeferred(Status, bits, null);

    /// <summary>vm_reset(): one write of 0, no read-back, no poll.</summary>
    public void reset(VirtioDevice vdev) => _base.Write(Status, 4, 0);

    /// <summary>vm_synchronize_cbs(): synchronize_irq (no register access).</summary>
    public void synchronize_cbs(VirtioDevice vdev)
    {
    }

    public string bus_name(VirtioDevice vdev) => vdev.Name;

    // ------------------------------------------------------------------ notification and interrupt

    /// <summary>vm_notify() / vm_notify_with_data(): W QueueNotify.</summary>
    private bool vm_notify(Virtqueue vq)
    {
        if (vdev.virtio_has_feature(VirtioFeatures.NotificationData))
        {
            _base.Write(QueueNotify, 4, ((uint)vq.AvailIdxShadow << 16) | (uint)vq.Index);
        }
        else
        {
            // We write the queue's selector into the notification register to signal the other end.
            _base.Write(QueueNotify, 4, (uint)vq.Index);
        }

        return true;
    }

    /// <summary>vm_interrupt(): R InterruptStatus, W InterruptACK with the same value, config then vrings.</summary>
    public IrqReturn vm_interrupt()
    {
        var ret = IrqReturn.None;

        // Read and acknowledge interrupts
        uint status = _base.Read(InterruptStatus, 4);
        _base.Write(InterruptAck, 4, status);

        if ((status & IntConfig) != 0)
        {
            VirtioCore.virtio_config_changed(vdev);
            ret = IrqReturn.Handled;
        }

        if ((status & IntVring) != 0)
        {
            foreach (var vq in vdev.vqs)
            {
                if (vq.vring_interrupt() == IrqReturn.Handled)
                {
                    ret = IrqReturn.Handled;
                }
            }
        }

        return ret;
    }

    // ------------------------------------------------------------------ virtqueues

    /// <summary>vm_setup_vq(): select, check not in use, QueueNumMax, allocate the ring, activate it.</summary>
    private Virtqueue? vm_setup_vq(VirtioDevice vdev, int index, Action<Virtqueue>? callback, string name, out int err)
    {
        err = 0;

        // Select the queue we're interested in
        _base.Write(QueueSel, 4, (uint)index);

        // Queue shouldn't already be set up.
        if (_base.Read(version == 1 ? QueuePfn : QueueReady, 4) != 0)
        {
            err = -Errno.ENOENT;
            return null;
        }

        _kernel.gfp_kernel_alloc("vm_setup_vq"); // kmalloc(info)
        uint num = _base.Read(QueueNumMax, 4);
        if (num == 0)
        {
            err = -Errno.ENOENT;
            DeactivateAfterError();
            return null;
        }

        if (vdev.virtio_has_feature(VirtioFeatures.RingPacked))
        {
            // The model implements the split ring only (the devices under test must not offer RING_PACKED, §4.12).
            _kernel.Log.Add(LogLevel.Err, vdev.Name, "VIRTIO_F_RING_PACKED negotiated: packed rings are not modelled");
            err = -Errno.EINVAL;
            DeactivateAfterError();
            return null;
        }

        // Create the vring
        var vq = Virtqueue.vring_create_virtqueue(_kernel, _base, _dma, index, (int)Math.Min(num, 32768u), _kernel.Config.PageSize,
            mayReduceNum: true, vm_notify, callback, name,
            vdev.virtio_has_feature(VirtioFeatures.EventIdx), vdev.virtio_has_feature(VirtioFeatures.IndirectDesc));
        if (vq == null)
        {
            err = -Errno.ENOMEM;
            DeactivateAfterError();
            return null;
        }

        // Activate the queue
        _base.Write(QueueNum, 4, (uint)vq.Num);
        err = vm_active_vq(vq, fromResetVqs: false);
        if (err != 0)
        {
            vq.vring_del_virtqueue();
            DeactivateAfterError();
            return null;
        }

        return vq;
    }

    /// <summary>
    /// The queue-activation half of vm_setup_vq that RFC v2 4/4 shares with vm_reset_vqs (vm_active_vq), after QueueNum:
    /// v1 QueueAlign + QueuePFN (-E2BIG beyond 32 bits); v2 the six addresses then QueueReady=1.
    /// </summary>
    private int vm_active_vq(Virtqueue vq, bool fromResetVqs)
    {
        if (version == 1)
        {
            ulong q_pfn = vq.DescAddr >> 12;

            // virtio-mmio v1 uses a 32bit QUEUE PFN. If we have something that doesn't fit in 32bit, fail the setup.
            if ((q_pfn >> 32) != 0 || (fromResetVqs && Quirks.PfnOverflow))
            {
                _kernel.Log.Add(LogLevel.Err, vdev.Name, $"platform bug: legacy virtio-mmio must not be used with RAM above 0x{(1UL << 44):x}GB");
                return -Errno.E2BIG;
            }

            _base.Write(QueueAlign, 4, (uint)_kernel.Config.PageSize);
            _base.Write(QueuePfn, 4, (uint)q_pfn);
            return 0;
        }

        ulong addr = vq.DescAddr;
        _base.Write(QueueDescLow, 4, (uint)addr);
        _base.Write(QueueDescHigh, 4, (uint)(addr >> 32));
        addr = vq.AvailAddr;
        _base.Write(QueueDriverLow, 4, (uint)addr);
        _base.Write(QueueDriverHigh, 4, (uint)(addr >> 32));
        addr = vq.UsedAddr;
        _base.Write(QueueDeviceLow, 4, (uint)addr);
        _base.Write(QueueDeviceHigh, 4, (uint)(addr >> 32));
        _base.Write(QueueReady, 4, 1);
        return 0;
    }

    private void DeactivateAfterError()
    {
        if (version == 1)
        {
            _base.Write(QueuePfn, 4, 0);
        }
        else
        {
            _base.Write(QueueReady, 4, 0);
            VirtioCore.WARN_ON(vdev, _base.Read(QueueReady, 4) != 0, "QueueReady still set after writing 0");
        }
    }

    /// <summary>vm_find_vqs(): request_irq, then vm_setup_vq for each named entry; any failure deletes all.</summary>
    public int find_vqs(VirtioDevice vdev, VirtqueueInfo[] infos, Virtqueue?[] vqs)
    {
        if (_irq == null)
        {
            _irq = _kernel.request_irq(vdev.Name, _base, vm_interrupt);
        }

        int queueIdx = 0;
        for (int i = 0; i < infos.Length; i++)
        {
            if (infos[i].Name == null)
            {
                vqs[i] = null;
                continue;
            }

            vqs[i] = vm_setup_vq(vdev, queueIdx++, infos[i].Callback, infos[i].Name!, out int err);
            if (vqs[i] == null)
            {
                del_vqs(vdev);
                return err;
            }

            vdev.vqs.Add(vqs[i]!);
        }

        return 0;
    }

    /// <summary>vm_del_vq(): select, deactivate (v2 with read-back), free the ring.</summary>
    private void vm_del_vq(Virtqueue vq)
    {
        // Select and deactivate the queue
        _base.Write(QueueSel, 4, (uint)vq.Index);
        if (version == 1)
        {
            _base.Write(QueuePfn, 4, 0);
        }
        else
        {
            _base.Write(QueueReady, 4, 0);
            VirtioCore.WARN_ON(vdev, _base.Read(QueueReady, 4) != 0, $"vq{vq.Index}: QueueReady still set after writing 0");
        }

        vq.vring_del_virtqueue();
    }

    /// <summary>vm_del_vqs(): every vq in list order, then free_irq.</summary>
    public void del_vqs(VirtioDevice vdev)
    {
        foreach (var vq in vdev.vqs.ToArray())
        {
            vm_del_vq(vq);
            vdev.vqs.Remove(vq);
        }

        if (_irq != null)
        {
            _kernel.free_irq(_irq);
            _irq = null;
        }
    }

    /// <summary>
    /// vm_reset_vqs() (RFC 4/4): for each vq in creation order, virtqueue_reinit_vring, QueueSel, QueueNum and
    /// the probe-time addresses, QueueReady=1; no read-back and no QueueNumMax read. Allocates nothing.
    /// </summary>
    public int reset_vqs(VirtioDevice vdev)
    {
        foreach (var vq in vdev.vqs)
        {
            int num = vq.Num;
            vq.virtqueue_reinit_vring();
            _base.Write(QueueSel, 4, (uint)vq.Index);
            _base.Write(QueueNum, 4, (uint)num);
            int err = vm_active_vq(vq, fromResetVqs: true);
            if (err != 0)
            {
                return err;
            }
        }

        return 0;
    }

    // ------------------------------------------------------------------ PM callbacks

    /// <summary>virtio_mmio_freeze() → virtio_device_freeze().</summary>
    public int virtio_mmio_freeze() => VirtioCore.virtio_device_freeze(vdev);

    /// <summary>virtio_mmio_restore(): legacy GuestPageSize, then virtio_device_restore().</summary>
    public int virtio_mmio_restore()
    {
        if (version == 1)
        {
            _base.Write(GuestPageSize, 4, (uint)_kernel.Config.PageSize);
        }

        return VirtioCore.virtio_device_restore(vdev);
    }

    /// <summary>virtio_mmio_freeze_noirq() → virtio_device_freeze_noirq().</summary>
    public int virtio_mmio_freeze_noirq() => VirtioCore.virtio_device_freeze_noirq(vdev);

    /// <summary>virtio_mmio_restore_noirq(): legacy GuestPageSize, then virtio_device_restore_noirq().</summary>
    public int virtio_mmio_restore_noirq()
    {
        if (version == 1)
        {
            _base.Write(GuestPageSize, 4, (uint)_kernel.Config.PageSize);
        }

        return VirtioCore.virtio_device_restore_noirq(vdev);
    }

    /// <summary>vring_transport_features(): clear the transport bits virtio_ring does not know.</summary>
    private static void vring_transport_features(VirtioDevice vdev)
    {
        for (int i = VirtioFeatures.TransportStart; i < VirtioFeatures.TransportEnd; i++)
        {
            switch (i)
            {
                case VirtioFeatures.IndirectDesc:
                case VirtioFeatures.EventIdx:
                case VirtioFeatures.Version1:
                case VirtioFeatures.AccessPlatform:
                case VirtioFeatures.RingPacked:
                case VirtioFeatures.OrderPlatform:
                case VirtioFeatures.NotificationData:
                    break;
                default:
                    // We don't understand this bit.
                    vdev.__virtio_clear_bit(i);
                    break;
            }
        }
    }
}
