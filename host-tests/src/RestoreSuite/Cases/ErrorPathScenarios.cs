using LinuxVirtio.Drivers;
using LinuxVirtio.Kernel;
using LinuxVirtio.Mmio;
using LinuxVirtio.Pm;
using LinuxVirtio.Tracing;
using LinuxVirtio.Uapi;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace RestoreSuite.Cases;

/// <summary>
/// The error table of §3.7, one scenario per row, each with its exact Status after restore_noirq and after the
/// whole resume. Rows a correct device cannot provoke use kernel-side fault injection (a feature bit the device
/// never offered, a transport without reset_vqs or noirq_safe, a legacy PFN that does not fit).
/// </summary>
public static class ErrorPathScenarios
{
    private const string PmCallbackFailed = "dpm_run_callback";

    /// <summary>S4 / row 1: the device refuses FEATURES_OK → 0x83, reset_vqs not called, every QueueReady stays 0.</summary>
    public static void FeaturesOkRefused(ScenarioRun run, NoirqRfc rfc)
    {
        var m = run.Boot("linux", run.KernelConfig with { Rfc = rfc });
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions());

        // Fault injection: dev->features gains a device-type bit the device never offered, so it must refuse.
        int bit = Enumerable.Range(0, 24).First(b => (dev.Vm!.DeviceFeaturesAtProbe & (1UL << b)) == 0);
        run.Trace.Note($"fault injection: dev->features |= bit {bit} (not offered by the device)");
        dev.Vdev.__virtio_set_bit(bit);
        run.AllowLog("device refuses features");
        run.AllowLog(PmCallbackFailed);

        Flow.SuspendResume(run, m);
        string vd = dev.Vdev.Name;
        Flow.ExpectStatusAfter(run, $"resume_noirq:{vd}", 0x83, "0x0B written, 0x03 read back, then |FAILED");
        run.Check(!Flow.InPhase(run, $"resume_noirq:{vd}").Any(e => e.Kind == TraceKind.Write && e.Offset == QueueReady),
            "reset_vqs ran although FEATURES_OK was refused");
        ExpectFinalAfterNoirqFailure(run, m, dev, 0x83);
    }

    /// <summary>Row 3: a mem_acc callback is registered and ACCESS_PLATFORM was not negotiated → no FEATURES_OK write, 0x83.</summary>
    public static void MemAccWithoutAccessPlatform(ScenarioRun run)
    {
        var m = run.Boot("linux", run.KernelConfig with { MemAccCallback = false });
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions());
        if (dev.Vdev.virtio_has_feature(VirtioFeatures.AccessPlatform))
        {
            throw new ScenarioSkipped("the device offers ACCESS_PLATFORM: the mem_acc row cannot fail");
        }

        run.Trace.Note("mem_acc callback registered (confidential guest) before resume");
        m.Kernel.Config = m.Kernel.Config with { MemAccCallback = true };
        run.AllowLog("must provide VIRTIO_F_ACCESS_PLATFORM");
        run.AllowLog(PmCallbackFailed);
        Flow.SuspendResume(run, m);
        string vd = dev.Vdev.Name;
        run.Check(!Flow.InPhase(run, $"resume_noirq:{vd}").Any(e => e.Kind == TraceKind.Write && e.Offset == Status && (e.Value & VirtioStatus.FeaturesOk) != 0),
            "FEATURES_OK was written although the mem_acc check fails first");
        Flow.ExpectStatusAfter(run, $"resume_noirq:{vd}", 0x83, "rows 1-5, then |FAILED");
        ExpectFinalAfterNoirqFailure(run, m, dev, 0x83);
    }

    /// <summary>Row 4: a version-2 device without VERSION_1 in dev->features → -EINVAL before any feature write, 0x83.</summary>
    public static void NoVersion1(ScenarioRun run)
    {
        var m = run.Boot("linux");
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions());
        run.Trace.Note("fault injection: VERSION_1 cleared from dev->features");
        dev.Vdev.__virtio_clear_bit(VirtioFeatures.Version1);
        run.AllowLog("must provide VIRTIO_F_VERSION_1");
        run.AllowLog(PmCallbackFailed);
        Flow.SuspendResume(run, m);
        string vd = dev.Vdev.Name;
        run.Check(!Flow.InPhase(run, $"resume_noirq:{vd}").Any(e => e.Kind == TraceKind.Write && e.Offset is DriverFeatures or DriverFeaturesSel),
            "feature words written although vm_finalize_features must fail first");
        Flow.ExpectStatusAfter(run, $"resume_noirq:{vd}", 0x83, "ACK|DRIVER then |FAILED");
        ExpectFinalAfterNoirqFailure(run, m, dev, 0x83);
    }

    /// <summary>Row 5 under RFC v2: the transport lacks reset_vqs → rows 1-6 then FAILED (0x8B); v2's restore then adds DRIVER_OK.</summary>
    public static void NoResetVqsV2(ScenarioRun run)
    {
        var m = run.Boot("linux", run.KernelConfig with { Rfc = NoirqRfc.V2 });
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions(), new TransportQuirks { NoResetVqs = true });
        run.AllowLog(PmCallbackFailed);
        Flow.SuspendResume(run, m);
        Flow.ExpectStatusAfter(run, $"resume_noirq:{dev.Vdev.Name}", 0x8b, "FEATURES_OK reached, no reset_vqs, |FAILED");
        ExpectFinalAfterNoirqFailure(run, m, dev, 0x8b);
    }

    /// <summary>Row 5 under v9: freeze_noirq refuses (-EOPNOTSUPP) and the suspend is aborted; restore then returns -EIO.</summary>
    public static void NoResetVqsV9(ScenarioRun run)
    {
        var m = run.Boot("linux", run.KernelConfig with { Rfc = NoirqRfc.V9 });
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions(), new TransportQuirks { NoResetVqs = true });
        run.AllowLog("failed to suspend_noirq");
        run.AllowLog(PmCallbackFailed);
        var r = m.Pm.Suspend(PmEvent.Suspend);
        run.Check(r.Error == -Errno.EOPNOTSUPP && r.FailedPhase == "suspend_noirq",
            $"expected freeze_noirq to fail with -EOPNOTSUPP, got {Errno.Describe(r.Error)} in {r.FailedPhase}");
        run.Check(!Flow.InPhase(run, "resume_noirq").Any(e => e.Kind is TraceKind.Read or TraceKind.Write), "restore_noirq ran for a device whose freeze_noirq failed");
        run.ExpectFinalStatus(dev, 0x8f, "v9: noirq_restore_done is false, so restore returns -EIO and adds FAILED to the live 0x0F");
    }

    /// <summary>Row 6: reset_vqs fails (legacy PFN beyond 32 bits) after a partial row 7 → FAILED.</summary>
    public static void ResetVqsFails(ScenarioRun run)
    {
        var m = run.Boot("linux");
        var dev = Flow.ProbeTest(run, m, DeviceKinds.TestLegacy, new TestDriverOptions(), new TransportQuirks { PfnOverflow = true });
        run.AllowLog("legacy virtio-mmio must not be used");
        run.AllowLog(PmCallbackFailed);
        Flow.SuspendResume(run, m);
        string vd = dev.Vdev.Name;
        var writes = Flow.InPhase(run, $"resume_noirq:{vd}").Where(e => e.Kind == TraceKind.Write).ToList();
        run.Check(writes.Any(e => e.Offset == QueueNum) && !writes.Any(e => e.Offset is QueuePfn or QueueAlign),
            "expected a partial row 7: QueueSel and QueueNum written, no QueueAlign/QueuePFN");

        // A legacy device has no FEATURES_OK, so the table's 0x8B (modern) is 0x83 here.
        Flow.ExpectStatusAfter(run, $"resume_noirq:{vd}", 0x83, "ACK|DRIVER (legacy: no FEATURES_OK) then |FAILED");
        ExpectFinalAfterNoirqFailure(run, m, dev, 0x83);
    }

    /// <summary>Row 7: the driver's restore_noirq fails before (0x8B) or after (0x8F) DRIVER_OK; queues stay READY.</summary>
    public static void RestoreNoirqFails(ScenarioRun run, RestoreNoirqFailure when, NoirqRfc rfc)
    {
        var m = run.Boot("linux", run.KernelConfig with { Rfc = rfc });
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions { FailRestoreNoirq = when });
        run.AllowLog(PmCallbackFailed);
        Flow.SuspendResume(run, m);
        string vd = dev.Vdev.Name;
        uint noirq = when == RestoreNoirqFailure.BeforeReady ? 0x8bu : 0x8fu;
        Flow.ExpectStatusAfter(run, $"resume_noirq:{vd}", noirq, "the failure adds FAILED to what was reached");
        run.Check(!Flow.InPhase(run, $"resume_noirq:{vd}").Any(e => e.Kind == TraceKind.Write && e.Offset == QueueReady && e.Value == 0),
            "queues were disabled: they must remain READY after a restore_noirq failure");
        ExpectFinalAfterNoirqFailure(run, m, dev, noirq);
    }

    /// <summary>Row 9 (v8+): the transport is not noirq_safe → freeze returns -EOPNOTSUPP; the device is untouched.</summary>
    public static void NotNoirqSafe(ScenarioRun run)
    {
        var m = run.Boot("linux", run.KernelConfig with { Rfc = NoirqRfc.V9 });
        var dev = Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions(), new TransportQuirks { NotNoirqSafe = true });
        run.AllowLog("failed to suspend");
        var r = m.Pm.Suspend(PmEvent.Suspend);
        run.Check(r.Error == -Errno.EOPNOTSUPP && r.FailedPhase == "suspend",
            $"expected freeze to fail with -EOPNOTSUPP, got {Errno.Describe(r.Error)} in {r.FailedPhase}");
        Flow.EchoAll(run, m, dev, "after-abort");
        run.ExpectFinalStatus(dev, 0x0f, "the aborted suspend left the device running");
    }

    /// <summary>
    /// The final Status after a failed restore_noirq: v9's restore returns -EIO and keeps the noirq value; RFC v2's
    /// restore writes DRIVER_OK on top of FAILED (a modern device may refuse DRIVER_OK without FEATURES_OK and keep
    /// the noirq value; both are accepted, nothing else is).
    /// </summary>
    private static void ExpectFinalAfterNoirqFailure(ScenarioRun run, Machine m, ProbedDevice dev, uint noirqStatus)
    {
        if (m.Kernel.Config.Rfc == NoirqRfc.V9)
        {
            run.ExpectFinalStatus(dev, noirqStatus, "RFC v9: the normal restore returns -EIO and keeps FAILED, no DRIVER_OK");
            return;
        }

        uint v2 = noirqStatus | VirtioStatus.DriverOk;
        Flow.ExpectStatusAfter(run, $"resume:{dev.Vdev.Name}", v2, "RFC v2: the normal restore writes DRIVER_OK on top of FAILED");
        bool mayRefuse = dev.Slot.Version == 2 && (noirqStatus & VirtioStatus.FeaturesOk) == 0;
        run.Trace.Mark("verdict");
        uint got = dev.Bus.Read(Status, 4);
        run.Check(got == v2 || (mayRefuse && got == noirqStatus),
            $"#{run.Trace.LastAccessSeq} R Status: expected 0x{v2:x8}{(mayRefuse ? $" (or 0x{noirqStatus:x8} if the device refuses DRIVER_OK without FEATURES_OK)" : "")}, got 0x{got:x8}");
    }
}
