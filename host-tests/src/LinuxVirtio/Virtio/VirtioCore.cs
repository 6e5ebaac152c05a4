using LinuxVirtio.Kernel;
using LinuxVirtio.Uapi;
using static LinuxVirtio.Uapi.VirtioStatus;

namespace LinuxVirtio.Virtio;

/// <summary>
/// <c>drivers/virtio/virtio.c</c> (with the inline helpers of <c>include/linux/virtio_config.h</c>) and the
/// noirq system-sleep infrastructure of the RFC "virtio: add noirq system sleep PM infrastructure"
/// (v2 3/4 design, v8/v9 checks selected by <see cref="KernelConfig.Rfc"/>). Function names and their order of
/// device accesses follow the kernel; see docs/driver-model.md.
/// </summary>
public static class VirtioCore
{
    // ------------------------------------------------------------------ status helpers

    /// <summary>virtio_add_status(): might_sleep(); set_status(get_status() | status).</summary>
    public static void virtio_add_status(VirtioDevice dev, uint status)
    {
        dev.Kernel.might_sleep("virtio_add_status");
        dev.config_ops.add_status(dev, (byte)status);
    }

    /// <summary>virtio_reset_device(): under HARDEN break the vqs and synchronize callbacks first.</summary>
    public static void virtio_reset_device(VirtioDevice dev)
    {
        if (dev.Kernel.Config.HardenNotification)
        {
            virtio_break_device(dev);
            virtio_synchronize_cbs(dev);
        }

        dev.config_ops.reset(dev);
    }

    /// <summary>virtio_synchronize_cbs(): synchronize_irq() — sleeps.</summary>
    public static void virtio_synchronize_cbs(VirtioDevice dev)
    {
        dev.Kernel.might_sleep("virtio_synchronize_cbs");
        dev.config_ops.synchronize_cbs(dev);
    }

    /// <summary>virtio_break_device(): every vq refuses new buffers and ignores interrupts (memory only).</summary>
    public static void virtio_break_device(VirtioDevice dev)
    {
        foreach (var vq in dev.vqs)
        {
            vq.Broken = true;
        }
    }

    /// <summary>__virtio_unbreak_device().</summary>
    public static void __virtio_unbreak_device(VirtioDevice dev)
    {
        foreach (var vq in dev.vqs)
        {
            vq.Broken = false;
        }
    }

    /// <summary>virtio_device_ready() (virtio_config.h): R Status, [HARDEN sync + unbreak], W Status|DRIVER_OK.</summary>
    public static void virtio_device_ready(VirtioDevice dev)
    {
        uint status = dev.config_ops.get_status(dev);
        WARN_ON(dev, (status & DriverOk) != 0, "virtio_device_ready: DRIVER_OK already set");
        if (dev.Kernel.Config.HardenNotification)
        {
            virtio_synchronize_cbs(dev);
            __virtio_unbreak_device(dev);
        }

        dev.config_ops.set_status(dev, (byte)(status | DriverOk));
    }

    /// <summary>virtio_features_ok(): mem_acc checks, then FEATURES_OK and its read-back.</summary>
    public static int virtio_features_ok(VirtioDevice dev)
    {
        dev.Kernel.might_sleep("virtio_features_ok");
        return features_ok_body(dev, noirq: false);
    }

    // ------------------------------------------------------------------ config space

    /// <summary>virtio_cread8/16/32 of a member of at most 4 bytes: one get, no generation loop.</summary>
    public static uint virtio_cread(VirtioDevice dev, int offset, int size)
    {
        Span<byte> buf = stackalloc byte[4];
        dev.config_ops.get(dev, offset, buf[..size]);
        return size switch
        {
            1 => buf[0],
            2 => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(buf),
            _ => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(buf),
        };
    }

    /// <summary>__virtio_cread_many(): generation, count gets of bytes each, generation; repeated while it changed.</summary>
    public static void __virtio_cread_many(VirtioDevice dev, int offset, Span<byte> buf, int count, int bytes)
    {
        uint old;
        uint gen = dev.config_ops.generation(dev);
        int tries = 0;
        do
        {
            old = gen;
            for (int i = 0; i < count; i++)
            {
                dev.config_ops.get(dev, offset + (bytes * i), buf.Slice(bytes * i, bytes));
            }

            gen = dev.config_ops.generation(dev);
            if (++tries > 1000)
            {
                throw new DeviceHangException($"{dev.Name}: ConfigGeneration never stable over a config read (after #{dev.Kernel.Trace.LastAccessSeq})");
            }
        }
        while (gen != old);
    }

    /// <summary>virtio_cread_bytes(): byte-wise read under the generation loop.</summary>
    public static void virtio_cread_bytes(VirtioDevice dev, int offset, Span<byte> buf) =>
        __virtio_cread_many(dev, offset, buf, buf.Length, 1);

    // ------------------------------------------------------------------ config change

    /// <summary>virtio_config_changed(): called from the transport's interrupt handler.</summary>
    public static void virtio_config_changed(VirtioDevice dev) => __virtio_config_changed(dev);

    public static void __virtio_config_changed(VirtioDevice dev)
    {
        var drv = dev.Driver;
        if (!dev.config_core_enabled || dev.config_driver_disabled)
        {
            dev.config_change_pending = true;
        }
        else if (drv != null && drv.HasConfigChanged)
        {
            drv.config_changed(dev);
            dev.config_change_pending = false;
        }
    }

    /// <summary>virtio_config_core_enable(): spin_lock_irq, so not allowed in noirq context (RFC v2 cover letter).</summary>
    public static void virtio_config_core_enable(VirtioDevice dev)
    {
        if (dev.Kernel.Context == Tracing.ExecContext.Noirq)
        {
            throw new ProtocolViolationException(
                $"BUG: virtio_config_core_enable (spin_lock_irq) in noirq context on {dev.Name}: use virtio_config_core_enable_noirq");
        }

        dev.config_core_enabled = true;
        if (dev.config_change_pending)
        {
            __virtio_config_changed(dev);
        }
    }

    public static void virtio_config_core_disable(VirtioDevice dev) => dev.config_core_enabled = false;

    // ------------------------------------------------------------------ bus: register and probe

    /// <summary>register_virtio_device(): reset, ACKNOWLEDGE, then device_add (the bus matches a driver).</summary>
    public static int register_virtio_device(VirtioDevice dev, VirtioDriver? driver)
    {
        // We always start by resetting the device, in case a previous driver messed it up.
        virtio_reset_device(dev);

        // Acknowledge that we've seen the device.
        virtio_add_status(dev, Acknowledge);

        dev.config_core_enabled = false;
        dev.config_change_pending = false;
        return driver != null && driver.IdTable.Contains(dev.DeviceId) ? virtio_dev_probe(dev, driver) : 0;
    }

    /// <summary>virtio_dev_probe(): DRIVER, features (Sel 1 then 0), finalize, validate, FEATURES_OK, drv->probe, DRIVER_OK.</summary>
    public static int virtio_dev_probe(VirtioDevice dev, VirtioDriver drv)
    {
        dev.Driver = drv;

        // We have a driver!
        virtio_add_status(dev, VirtioStatus.Driver);

        // Figure out what features the device supports.
        ulong deviceFeatures = dev.config_ops.get_features(dev);

        // Figure out what features the driver supports.
        ulong driverFeatures = 0;
        foreach (int f in drv.FeatureTable)
        {
            driverFeatures |= 1UL << f;
        }

        dev.features = driverFeatures & deviceFeatures;

        // Transport features always preserved to pass to finalize_features.
        for (int i = VirtioFeatures.TransportStart; i < VirtioFeatures.TransportEnd; i++)
        {
            if ((deviceFeatures & (1UL << i)) != 0)
            {
                dev.__virtio_set_bit(i);
            }
        }

        int err = dev.config_ops.finalize_features(dev);
        if (err == 0 && drv.HasValidate)
        {
            ulong before = dev.features;
            err = drv.validate(dev);
            // Did validation change any features? Then write them again.
            if (err == 0 && before != dev.features)
            {
                err = dev.config_ops.finalize_features(dev);
            }
        }

        if (err == 0)
        {
            err = virtio_features_ok(dev);
        }

        if (err == 0)
        {
            err = drv.probe(dev);
        }

        if (err != 0)
        {
            virtio_add_status(dev, Failed);
            dev.Driver = null;
            return err;
        }

        // If probe didn't do it, mark device DRIVER_OK ourselves.
        if ((dev.config_ops.get_status(dev) & DriverOk) == 0)
        {
            virtio_device_ready(dev);
        }

        virtio_config_core_enable(dev);
        return 0;
    }

    /// <summary>virtio_dev_remove(): config off, drv->remove (which resets and deletes vqs), check, ACKNOWLEDGE again.</summary>
    public static void virtio_dev_remove(VirtioDevice dev)
    {
        var drv = dev.Driver;
        virtio_config_core_disable(dev);
        drv?.remove(dev);

        // Driver should've reset the device already.
        WARN_ON(dev, dev.config_ops.get_status(dev) != 0, "virtio_dev_remove: device not reset by the driver");

        // Acknowledge the device's existence again.
        virtio_add_status(dev, Acknowledge);
        dev.Driver = null;
    }

    // ------------------------------------------------------------------ today's PM: freeze / restore

    /// <summary>virtio_device_freeze(): config off, R Status (records dev->failed), [v9 checks], drv->freeze.</summary>
    public static int virtio_device_freeze(VirtioDevice dev)
    {
        var drv = dev.Driver;
        virtio_config_core_disable(dev);
        dev.failed = (dev.config_ops.get_status(dev) & Failed) != 0;

        if (dev.Kernel.Config.Rfc == NoirqRfc.V9)
        {
            dev.noirq_restore_done = false;
            if (drv != null && drv.HasRestoreNoirq && !dev.config_ops.noirq_safe)
            {
                virtio_config_core_enable(dev);
                return -Errno.EOPNOTSUPP;
            }
        }

        if (drv != null && drv.HasFreeze)
        {
            int ret = drv.freeze(dev);
            if (ret != 0)
            {
                virtio_config_core_enable(dev);
                return ret;
            }
        }

        return 0;
    }

    /// <summary>virtio_device_reinit() (RFC v2 1/4 split of restore_priv): reset, ACK, [FAILED], DRIVER, features, FEATURES_OK.</summary>
    public static int virtio_device_reinit(VirtioDevice dev)
    {
        var drv = dev.Driver;

        // We always start by resetting the device, in case a previous driver messed it up.
        virtio_reset_device(dev);
        virtio_add_status(dev, Acknowledge);

        // Maybe driver failed before freeze. Restore the failed status, for debugging.
        if (dev.failed)
        {
            virtio_add_status(dev, Failed);
        }

        if (drv == null)
        {
            return 0;
        }

        virtio_add_status(dev, VirtioStatus.Driver);
        int ret = dev.config_ops.finalize_features(dev);
        return ret != 0 ? ret : virtio_features_ok(dev);
    }

    /// <summary>
    /// virtio_device_restore(). Without restore_noirq: today's full re-init (restore_priv). With it: RFC v2 skips the
    /// re-init unconditionally; v9 returns -EIO (and sets FAILED) when the noirq restore did not complete.
    /// </summary>
    public static int virtio_device_restore(VirtioDevice dev)
    {
        var drv = dev.Driver;
        int ret;
        if (drv != null && drv.HasRestoreNoirq)
        {
            if (dev.Kernel.Config.Rfc == NoirqRfc.V9 && !dev.noirq_restore_done)
            {
                ret = -Errno.EIO;
                virtio_add_status(dev, Failed);
                return ret;
            }

            // The noirq phase already re-initialised the device: skip the redundant re-init.
        }
        else
        {
            ret = virtio_device_reinit(dev);
            if (ret != 0)
            {
                virtio_add_status(dev, Failed);
                return ret;
            }

            if (drv == null)
            {
                return 0;
            }
        }

        if (drv.HasRestore)
        {
            ret = drv.restore(dev);
            if (ret != 0)
            {
                virtio_add_status(dev, Failed);
                return ret;
            }
        }

        // If restore didn't do it, mark device DRIVER_OK ourselves.
        if ((dev.config_ops.get_status(dev) & DriverOk) == 0)
        {
            virtio_device_ready(dev);
        }

        virtio_config_core_enable(dev);
        return 0;
    }

    // ------------------------------------------------------------------ RFC: noirq infrastructure

    /// <summary>virtio_add_status_noirq(): virtio_add_status without might_sleep (v9: WARN_ON(!noirq_safe)).</summary>
    public static void virtio_add_status_noirq(VirtioDevice dev, uint status)
    {
        WarnIfNotNoirqSafe(dev, "virtio_add_status_noirq");
        dev.config_ops.add_status(dev, (byte)status);
    }

    /// <summary>virtio_reset_device_noirq(): HARDEN breaks the vqs but does not synchronize_irq ("IRQs are already quiesced").</summary>
    public static void virtio_reset_device_noirq(VirtioDevice dev)
    {
        WarnIfNotNoirqSafe(dev, "virtio_reset_device_noirq");
        if (dev.Kernel.Config.HardenNotification)
        {
            virtio_break_device(dev);
        }

        dev.config_ops.reset(dev);
    }

    /// <summary>virtio_features_ok_noirq(): virtio_features_ok without might_sleep.</summary>
    public static int virtio_features_ok_noirq(VirtioDevice dev)
    {
        WarnIfNotNoirqSafe(dev, "virtio_features_ok_noirq");
        return features_ok_body(dev, noirq: true);
    }

    /// <summary>virtio_device_reinit_noirq(): reset, ACK, [FAILED], [DRIVER], finalize_features, FEATURES_OK.</summary>
    public static int virtio_device_reinit_noirq(VirtioDevice dev)
    {
        var drv = dev.Driver;
        virtio_reset_device_noirq(dev);
        virtio_add_status_noirq(dev, Acknowledge);
        if (dev.failed)
        {
            virtio_add_status_noirq(dev, Failed);
        }

        if (drv == null)
        {
            return 0;
        }

        virtio_add_status_noirq(dev, VirtioStatus.Driver);
        int ret = dev.config_ops.finalize_features(dev);
        return ret != 0 ? ret : virtio_features_ok_noirq(dev);
    }

    /// <summary>virtio_config_core_enable_noirq(): irqsave variant; a pending change is delivered now, in noirq context.</summary>
    public static void virtio_config_core_enable_noirq(VirtioDevice dev)
    {
        dev.config_core_enabled = true;
        if (dev.config_change_pending)
        {
            __virtio_config_changed(dev);
        }
    }

    /// <summary>virtio_device_ready_noirq(): R Status, [HARDEN unbreak, no sync], W Status|DRIVER_OK.</summary>
    public static void virtio_device_ready_noirq(VirtioDevice dev)
    {
        uint status = dev.config_ops.get_status(dev);
        WARN_ON(dev, (status & DriverOk) != 0, "virtio_device_ready_noirq: DRIVER_OK already set");
        if (dev.Kernel.Config.HardenNotification)
        {
            __virtio_unbreak_device(dev);
        }

        dev.config_ops.set_status(dev, (byte)(status | DriverOk));
    }

    /// <summary>virtio_device_freeze_noirq(): v9 refuses what restore_noirq could not do, then drv->freeze_noirq.</summary>
    public static int virtio_device_freeze_noirq(VirtioDevice dev)
    {
        var drv = dev.Driver;
        if (drv == null)
        {
            return 0;
        }

        if (dev.Kernel.Config.Rfc == NoirqRfc.V9 && drv.HasRestoreNoirq)
        {
            if (!dev.config_ops.noirq_safe)
            {
                return -Errno.EOPNOTSUPP;
            }

            if (dev.vqs.Count != 0 && !dev.config_ops.has_reset_vqs)
            {
                return -Errno.EOPNOTSUPP;
            }
        }

        return drv.HasFreezeNoirq ? drv.freeze_noirq(dev) : 0;
    }

    /// <summary>
    /// virtio_device_restore_noirq(): reinit_noirq, reset_vqs, drv->restore_noirq, then (DRIVER_OK set) the config
    /// core; any error adds FAILED.
    /// </summary>
    public static int virtio_device_restore_noirq(VirtioDevice dev)
    {
        var drv = dev.Driver;
        if (drv == null || !drv.HasRestoreNoirq)
        {
            return 0;
        }

        if (dev.Kernel.Config.Rfc == NoirqRfc.V9 && !dev.config_ops.noirq_safe)
        {
            return -Errno.EOPNOTSUPP;
        }

        int ret = virtio_device_reinit_noirq(dev);
        if (ret == 0 && dev.vqs.Count != 0)
        {
            ret = dev.config_ops.has_reset_vqs ? dev.config_ops.reset_vqs(dev) : -Errno.EOPNOTSUPP;
        }

        if (ret == 0)
        {
            ret = drv.restore_noirq(dev);
        }

        if (ret != 0)
        {
            virtio_add_status_noirq(dev, Failed);
            return ret;
        }

        dev.noirq_restore_done = true;
        if ((dev.config_ops.get_status(dev) & DriverOk) != 0)
        {
            virtio_config_core_enable_noirq(dev);
        }

        return 0;
    }

    // ------------------------------------------------------------------ helpers

    public static void WARN_ON(VirtioDevice dev, bool condition, string what)
    {
        if (condition)
        {
            dev.Kernel.Log.Add(LogLevel.Warn, dev.Name, "WARNING: " + what);
        }
    }

    private static void WarnIfNotNoirqSafe(VirtioDevice dev, string caller)
    {
        if (dev.Kernel.Config.Rfc == NoirqRfc.V9)
        {
            WARN_ON(dev, !dev.config_ops.noirq_safe, caller + ": transport is not noirq_safe");
        }
    }

    private static int features_ok_body(VirtioDevice dev, bool noirq)
    {
        if (dev.Kernel.Config.MemAccCallback)
        {
            if (!dev.virtio_has_feature(VirtioFeatures.Version1))
            {
                dev.Kernel.Log.Add(LogLevel.Warn, dev.Name, "device must provide VIRTIO_F_VERSION_1");
                return -Errno.ENODEV;
            }

            if (!dev.virtio_has_feature(VirtioFeatures.AccessPlatform))
            {
                dev.Kernel.Log.Add(LogLevel.Warn, dev.Name, "device must provide VIRTIO_F_ACCESS_PLATFORM");
                return -Errno.ENODEV;
            }
        }

        if (!dev.virtio_has_feature(VirtioFeatures.Version1))
        {
            return 0;
        }

        if (noirq)
        {
            virtio_add_status_noirq(dev, FeaturesOk);
        }
        else
        {
            virtio_add_status(dev, FeaturesOk);
        }

        uint status = dev.config_ops.get_status(dev);
        if ((status & FeaturesOk) == 0)
        {
            dev.Kernel.Log.Add(LogLevel.Err, dev.Name, $"virtio: device refuses features: {status:x}");
            return -Errno.ENODEV;
        }

        return 0;
    }
}
