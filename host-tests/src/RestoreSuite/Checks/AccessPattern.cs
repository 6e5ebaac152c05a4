using LinuxVirtio.Tracing;
using LinuxVirtio.Uapi;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace RestoreSuite.Checks;

/// <summary>One expected access: direction, register and (when it is protocol-defined) the value.</summary>
public readonly record struct ExpectedAccess(TraceKind Kind, int Offset, uint? Value)
{
    public override string ToString() =>
        $"{(Kind == TraceKind.Read ? "R" : "W")} {VirtioMmioRegisters.Name(Offset)}{(Value is uint v ? $" 0x{v:x8}" : "")}";
}

/// <summary>
/// The access sequences of the reference (§2.1 probe, §2.5/§2.6 today's PM, §3.4 restore_noirq), built from the
/// device's shape, and the comparison that names the first access where a trace departs from them. Values that
/// depend on the device (features, QueueNumMax, addresses) are not compared; Status values and selectors are.
/// </summary>
public static class AccessPattern
{
    public static ExpectedAccess R(int offset, uint? value = null) => new(TraceKind.Read, offset, value);

    public static ExpectedAccess W(int offset, uint? value = null) => new(TraceKind.Write, offset, value);

    /// <summary>§2.1 steps 1-7: virtio_mmio_probe and register_virtio_device.</summary>
    public static IEnumerable<ExpectedAccess> TransportProbe(int version)
    {
        yield return R(MagicValue, Magic);
        yield return R(VirtioMmioRegisters.Version, (uint)version);
        yield return R(DeviceId);
        yield return R(VendorId);
        if (version == 1)
        {
            yield return W(GuestPageSize, 4096);
        }

        yield return W(Status, 0);
        yield return R(Status, 0);
        yield return W(Status, 0x01);
    }

    /// <summary>§2.1 steps 8-12: DRIVER, DeviceFeatures (Sel 1 then 0), DriverFeatures, FEATURES_OK.</summary>
    public static IEnumerable<ExpectedAccess> Negotiation(bool modern, uint failedBit = 0)
    {
        yield return R(Status, 0x01 | failedBit);
        yield return W(Status, 0x03 | failedBit);
        yield return W(DeviceFeaturesSel, 1);
        yield return R(DeviceFeatures);
        yield return W(DeviceFeaturesSel, 0);
        yield return R(DeviceFeatures);
        foreach (var a in FeatureWrites())
        {
            yield return a;
        }

        if (modern)
        {
            yield return R(Status, 0x03 | failedBit);
            yield return W(Status, 0x0b | failedBit);
            yield return R(Status, 0x0b | failedBit);
        }
    }

    public static IEnumerable<ExpectedAccess> FeatureWrites()
    {
        yield return W(DriverFeaturesSel, 1);
        yield return W(DriverFeatures);
        yield return W(DriverFeaturesSel, 0);
        yield return W(DriverFeatures);
    }

    /// <summary>§2.1 step 13 for queue <paramref name="q"/>: select, not-in-use check, QueueNumMax, activation.</summary>
    public static IEnumerable<ExpectedAccess> SetupVq(int q, int version)
    {
        yield return W(QueueSel, (uint)q);
        yield return R(version == 1 ? QueuePfn : QueueReady, 0);
        yield return R(QueueNumMax);
        foreach (var a in ActivateVq(version))
        {
            yield return a;
        }
    }

    /// <summary>vm_active_vq after QueueSel: QueueNum, then the addresses and QueueReady=1 (or QueueAlign/QueuePFN).</summary>
    public static IEnumerable<ExpectedAccess> ActivateVq(int version)
    {
        yield return W(QueueNum);
        if (version == 1)
        {
            yield return W(QueueAlign, 4096);
            yield return W(QueuePfn);
            yield break;
        }

        yield return W(QueueDescLow);
        yield return W(QueueDescHigh);
        yield return W(QueueDriverLow);
        yield return W(QueueDriverHigh);
        yield return W(QueueDeviceLow);
        yield return W(QueueDeviceHigh);
        yield return W(QueueReady, 1);
    }

    /// <summary>The driver's virtio_device_ready: R Status, W Status|DRIVER_OK.</summary>
    public static IEnumerable<ExpectedAccess> DeviceReady(uint before)
    {
        yield return R(Status, before);
        yield return W(Status, before | VirtioStatus.DriverOk);
    }

    /// <summary>§3.4 rows 0-9 for a device with <paramref name="queues"/> vqs (ready_noirq included if asked).</summary>
    public static IEnumerable<ExpectedAccess> RestoreNoirq(int version, int queues, bool ready, uint failedBit = 0)
    {
        bool modern = version == 2;
        if (version == 1)
        {
            yield return W(GuestPageSize, 4096);
        }

        yield return W(Status, 0);
        yield return R(Status, 0);
        yield return W(Status, 0x01);
        if (failedBit != 0)
        {
            yield return R(Status, 0x01);
            yield return W(Status, 0x81);
        }

        yield return R(Status, 0x01 | failedBit);
        yield return W(Status, 0x03 | failedBit);
        foreach (var a in FeatureWrites())
        {
            yield return a;
        }

        uint s = 0x03 | failedBit;
        if (modern)
        {
            yield return R(Status, s);
            yield return W(Status, s | 0x08);
            yield return R(Status, s | 0x08);
            s |= 0x08;
        }

        for (int q = 0; q < queues; q++)
        {
            yield return W(QueueSel, (uint)q);
            foreach (var a in ActivateVq(version))
            {
                yield return a;
            }
        }

        if (ready)
        {
            foreach (var a in DeviceReady(s))
            {
                yield return a;
            }

            s |= VirtioStatus.DriverOk;
        }

        // Row 11: virtio_device_restore_noirq checks DRIVER_OK before enabling the config core. Polled
        // requests of the driver come before it and are not register accesses (QueueNotify is not compared).
        yield return R(Status, s);
    }

    /// <summary>§2.6 vm_del_vq for every queue.</summary>
    public static IEnumerable<ExpectedAccess> DelVqs(int version, int queues)
    {
        for (int q = 0; q < queues; q++)
        {
            yield return W(QueueSel, (uint)q);
            if (version == 1)
            {
                yield return W(QueuePfn, 0);
            }
            else
            {
                yield return W(QueueReady, 0);
                yield return R(QueueReady, 0);
            }
        }
    }

    /// <summary>
    /// Compares the register accesses of <paramref name="actual"/> (interrupt-handler accesses and QueueNotify
    /// excluded: their timing is the device's) with <paramref name="expected"/>, as a prefix when
    /// <paramref name="prefixOnly"/>. Returns null or a message naming the first differing access.
    /// </summary>
    public static string? Compare(IEnumerable<TraceEntry> actual, IEnumerable<ExpectedAccess> expected, string what, bool prefixOnly = false)
    {
        var acc = actual.Where(e => (e.Kind is TraceKind.Read or TraceKind.Write) && e.Context != ExecContext.Irq && e.Offset != QueueNotify).ToList();
        var exp = expected.ToList();
        for (int i = 0; i < exp.Count; i++)
        {
            if (i >= acc.Count)
            {
                return $"{what}: trace ends after {acc.Count} accesses, expected {exp[i]} next";
            }

            var a = acc[i];
            var x = exp[i];
            if (a.Kind != x.Kind || a.Offset != x.Offset)
            {
                return $"#{a.Seq} {Describe(a)}: expected {x} ({what}, access {i + 1})";
            }

            if (x.Value is uint v && v != a.Value)
            {
                return $"#{a.Seq} {Describe(a)}: expected 0x{v:x8}, got 0x{a.Value:x8} ({what}, access {i + 1})";
            }
        }

        if (!prefixOnly && acc.Count > exp.Count)
        {
            return $"#{acc[exp.Count].Seq} {Describe(acc[exp.Count])}: unexpected access after the {exp.Count} expected ({what})";
        }

        return null;
    }

    public static string Describe(TraceEntry e) =>
        $"{(e.Kind == TraceKind.Read ? "R" : "W")} {VirtioMmioRegisters.Name(e.Offset)} 0x{e.Value:x8}";
}
