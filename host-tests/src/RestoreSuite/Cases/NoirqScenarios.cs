using LinuxVirtio.Drivers;
using LinuxVirtio.Kernel;
using LinuxVirtio.Pm;
using LinuxVirtio.Tracing;
using LinuxVirtio.Uapi;
using RestoreSuite.Checks;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;
using static RestoreSuite.Checks.AccessPattern;

namespace RestoreSuite.Cases;

/// <summary>The noirq restore scenarios of §5 (S2, S3, S5, S6, S8, S9, S10).</summary>
public static class NoirqScenarios
{
    /// <summary>
    /// S2: DRIVER_OK in restore_noirq, a polled request, the late interrupt serviced once the noirq phase ends,
    /// then a normal restore that only reads Status.
    /// </summary>
    public static void HappyPath(ScenarioRun run, string kind)
    {
        var m = run.Boot("linux");
        var dev = Flow.ProbeTest(run, m, kind, new TestDriverOptions());
        var slot = dev.Slot;
        var before = run.Target.ReadCounters(slot.Slot);
        Flow.SuspendResume(run, m);

        string vd = dev.Vdev.Name;
        uint ok = slot.Version == 2 ? 0x0fu : 0x07u;

        // freeze: one R Status (dev->failed); the noirq-capable driver keeps its vqs.
        Flow.ExpectAccesses(run, $"suspend:{vd}", new[] { R(Status, ok) });
        Flow.ExpectAccesses(run, $"suspend_noirq:{vd}", Array.Empty<ExpectedAccess>());

        // restore_noirq: §3.4 rows 0-9, then the polled request(s).
        Flow.ExpectAccesses(run, $"resume_noirq:{vd}", RestoreNoirq(slot.Version, slot.QueueCount, ready: true));
        run.Check(Flow.InPhase(run, $"resume_noirq:{vd}").All(e => e.Offset != InterruptStatus && e.Offset != InterruptAck || e.Kind is TraceKind.Phase or TraceKind.Note or TraceKind.IrqLine),
            "restore_noirq touched InterruptStatus/InterruptACK: the noirq phase has no interrupt handler");
        ExpectLateInterruptServiced(run, slot.QueueCount);

        // The normal restore: only R Status (plus GuestPageSize on legacy).
        var normal = slot.Version == 1 ? new[] { W(GuestPageSize, 4096), R(Status, ok) } : new[] { R(Status, ok) };
        Flow.ExpectAccesses(run, $"resume:{vd}", normal);
        Flow.ExpectCompleted(run, dev, before, slot.QueueCount, "restore_noirq polled requests");
        Flow.EchoAll(run, m, dev, "after-resume");
        run.ExpectFinalStatus(dev, ok, "DRIVER_OK set in restore_noirq");
    }

    /// <summary>
    /// The used-buffer interrupt the device raised for the polled request is latched during the noirq phase and
    /// handled right after it: R InterruptStatus, W InterruptACK with the same value, in irq context.
    /// </summary>
    private static void ExpectLateInterruptServiced(ScenarioRun run, int queues)
    {
        var irq = Flow.InPhase(run, "resume_device_irqs").Where(e => e.Kind is TraceKind.Read or TraceKind.Write).ToList();
        run.Check(irq.Count >= 2 && irq[0].Kind == TraceKind.Read && irq[0].Offset == InterruptStatus && (irq[0].Value & IntVring) != 0,
            irq.Count == 0
                ? "no interrupt was latched during restore_noirq: the device should still raise the used-buffer interrupt for a polled request (§4.6)"
                : $"#{irq[0].Seq} {Describe(irq[0])}: expected R InterruptStatus with bit 0 (late used-buffer interrupt)");
        run.Check(irq[1].Kind == TraceKind.Write && irq[1].Offset == InterruptAck && irq[1].Value == irq[0].Value,
            $"#{irq[1].Seq} {Describe(irq[1])}: expected W InterruptACK 0x{irq[0].Value:x8}");
        run.Check(irq.All(e => e.Context == ExecContext.Irq), "late interrupt not handled in irq context");
        var lineAfter = run.Trace.Entries.LastOrDefault(e => e.Kind == TraceKind.IrqLine && e.Seq > irq[1].Seq && e.Phase == "resume_device_irqs");
        run.Check(lineAfter == null || lineAfter.Value == 0, $"#{lineAfter?.Seq} interrupt line re-asserted after the ACK");
    }

    /// <summary>S3: restore_noirq leaves DRIVER_OK clear; the normal restore's virtio_device_ready sets it.</summary>
    public static void WithoutReadyNoirq(ScenarioRun run)
    {
        var m = run.Boot("linux");
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions { ReadyInRestoreNoirq = false });
        Flow.SuspendResume(run, m);
        string vd = dev.Vdev.Name;
        Flow.ExpectAccesses(run, $"resume_noirq:{vd}", RestoreNoirq(2, dev.Slot.QueueCount, ready: false));
        Flow.ExpectStatusAfter(run, $"resume_noirq:{vd}", 0x0b, "no DRIVER_OK before the normal restore");

        // The normal restore: R Status (DRIVER_OK clear) → virtio_device_ready: R Status, W 0x0F.
        Flow.ExpectAccesses(run, $"resume:{vd}", new[] { R(Status, 0x0b), R(Status, 0x0b), W(Status, 0x0f) });
        Flow.EchoAll(run, m, dev, "after-resume");
        run.ExpectFinalStatus(dev, 0x0f, "DRIVER_OK from the normal restore");
    }

    /// <summary>S5: FAILED set before freeze is re-added in restore_noirq and bring-up continues (0x8F).</summary>
    public static void FailedBeforeFreeze(ScenarioRun run)
    {
        var m = run.Boot("linux");
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions());
        run.Trace.Mark("driver-failure");
        m.Kernel.InContext(ExecContext.Process, () => LinuxVirtio.Virtio.VirtioCore.virtio_add_status(dev.Vdev, VirtioStatus.Failed));
        Flow.SuspendResume(run, m);
        string vd = dev.Vdev.Name;
        Flow.ExpectAccesses(run, $"resume_noirq:{vd}", RestoreNoirq(2, dev.Slot.QueueCount, ready: true, failedBit: 0x80));
        Flow.ExpectAccesses(run, $"resume:{vd}", new[] { R(Status, 0x8f) });
        run.ExpectFinalStatus(dev, 0x8f, "FAILED kept, DRIVER/FEATURES_OK/DRIVER_OK accepted on top of it");
    }

    /// <summary>
    /// S6: freeze leaves a request posted and kicked; restore_noirq resets the device with it in flight. After the
    /// reset the device must not touch the old ring, and the re-enabled ring starts from index 0.
    /// </summary>
    public static void ResetWithRequestInFlight(ScenarioRun run)
    {
        var m = run.Boot("linux");
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions { LeaveRequestInFlightAtFreeze = true });
        var vq = dev.Vdev.vqs[0];
        var r = m.Pm.Suspend(PmEvent.Suspend);
        run.CheckOk(r.Error, $"{r.FailedPhase}");
        var asleep = run.Target.ReadCounters(dev.Slot.Slot);
        m.Pm.Resume(PmEvent.Suspend);
        var after = run.Target.ReadCounters(dev.Slot.Slot);

        // Only the polled request of restore_noirq may have been completed after the reset: no replay of the old one.
        run.Check(after.RequestsCompleted - asleep.RequestsCompleted == 1,
            $"device completed {after.RequestsCompleted - asleep.RequestsCompleted} requests across the reset, expected exactly 1 (the polled request on the fresh ring)");
        run.Check(vq.LastUsedIdx == 1, $"fresh ring: driver's last_used_idx is {vq.LastUsedIdx} after one request, expected 1 (device must restart at used idx 0)");
        Flow.EchoAll(run, m, dev, "after-resume");
        run.ExpectFinalStatus(dev, 0x0f, "DRIVER_OK");
    }

    /// <summary>S8: a legacy (Version 1) device: GuestPageSize twice, QueueAlign/QueuePFN, no FEATURES_OK.</summary>
    public static void Legacy(ScenarioRun run) => HappyPath(run, DeviceKinds.TestLegacy);

    /// <summary>S9: a config change while the guest sleeps is re-signalled after DRIVER_OK and delivered.</summary>
    public static void ConfigChangeWhileAsleep(ScenarioRun run)
    {
        var m = run.Boot("linux");
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions());
        var drv = Flow.Test(dev);
        uint counterBefore = m.Kernel.InContext(ExecContext.Process, () => drv.ReadStamp().Counter);
        Flow.SuspendResume(run, m, whileAsleep: () =>
        {
            run.Trace.Mark("device-config-change");
            if (!run.Target.TryChangeConfig(dev.Slot.Slot))
            {
                throw new ScenarioSkipped("target cannot trigger a device-side config change");
            }
        });
        run.Check(drv.ConfigChanges.Count >= 1,
            "config change made while asleep was never delivered: the reset in restore_noirq clears InterruptStatus, so the device must raise INT_CONFIG again once DRIVER_OK is set (§3.9)");
        var (counter, torn) = m.Kernel.InContext(ExecContext.Process, () => drv.ReadStamp());
        run.Check(!torn, "config stamp read torn despite the generation loop");
        run.Check(counter == counterBefore + 1, $"config counter {counter}, expected {counterBefore + 1}");
        run.ExpectFinalStatus(dev, 0x0f, "DRIVER_OK");
    }

    /// <summary>S10 (HARDEN off): a kick before DRIVER_OK is not served until DRIVER_OK, then served once.</summary>
    public static void NotifyBeforeDriverOk(ScenarioRun run)
    {
        var m = run.Boot("linux", run.KernelConfig with { HardenNotification = false });
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions { NotifyBeforeDriverOk = true });
        var before = run.Target.ReadCounters(dev.Slot.Slot);
        Flow.SuspendResume(run, m);
        Flow.ExpectCompleted(run, dev, before, 1, "request kicked before DRIVER_OK");
        Flow.EchoAll(run, m, dev, "after-resume");
        run.ExpectFinalStatus(dev, 0x0f, "DRIVER_OK");
    }
}
