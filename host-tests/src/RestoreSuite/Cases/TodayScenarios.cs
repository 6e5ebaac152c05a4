using LinuxVirtio.Drivers;
using LinuxVirtio.Pm;
using RestoreSuite.Checks;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;
using static RestoreSuite.Checks.AccessPattern;

namespace RestoreSuite.Cases;

/// <summary>
/// The paths Linux has today (no noirq callbacks in the driver): freeze resets and deletes the vqs, restore
/// re-initialises everything (§2.5, §2.6, §3.6). These are the paths the real traces in linux-traces/ record.
/// </summary>
public static class TodayScenarios
{
    public static void SuspendResume(ScenarioRun run, string kind, PmEvent ev)
    {
        var m = run.Boot("linux");
        var dev = Flow.ProbeTest(run, m, kind, new TestDriverOptions { NoirqCapable = false });
        var slot = dev.Slot;
        Flow.EchoAll(run, m, dev, "io");
        Flow.SuspendResume(run, m, ev);
        bool modern = slot.Version == 2;
        uint ok = modern ? 0x0fu : 0x07u;
        string suspend = ev == PmEvent.Suspend ? "suspend" : "freeze";
        string resume = ev == PmEvent.Suspend ? "resume" : "thaw";
        string vd = dev.Vdev.Name;

        // freeze: R Status (dev->failed), then the driver: reset and vm_del_vqs.
        Flow.ExpectAccesses(run, $"{suspend}:{vd}", new[] { R(Status, ok), W(Status, 0) }.Concat(DelVqs(slot.Version, slot.QueueCount)));
        Flow.ExpectAccesses(run, $"{suspend}_noirq:{vd}", Array.Empty<ExpectedAccess>());
        // virtio_mmio_restore_noirq writes GuestPageSize for a legacy device before the core sees no restore_noirq.
        Flow.ExpectAccesses(run, $"{resume}_noirq:{vd}", modern ? Array.Empty<ExpectedAccess>() : new[] { W(GuestPageSize, 4096) });

        // restore: the full re-init of restore_priv, then the driver's find_vqs and virtio_device_ready.
        var expected = new List<ExpectedAccess>();
        if (!modern)
        {
            expected.Add(W(GuestPageSize, 4096));
        }

        expected.AddRange(new[] { W(Status, 0), R(Status, 0), W(Status, 0x01), R(Status, 0x01), W(Status, 0x03) });
        expected.AddRange(FeatureWrites());
        if (modern)
        {
            expected.AddRange(new[] { R(Status, 0x03), W(Status, 0x0b), R(Status, 0x0b) });
        }

        for (int q = 0; q < slot.QueueCount; q++)
        {
            expected.AddRange(SetupVq(q, slot.Version));
        }

        expected.AddRange(DeviceReady(ok & ~0x04u));
        expected.Add(R(Status, ok));
        Flow.ExpectAccesses(run, $"{resume}:{vd}", expected);
        Flow.EchoAll(run, m, dev, "after-resume");
        run.ExpectFinalStatus(dev, ok, "restore ends with DRIVER_OK");
    }
}
