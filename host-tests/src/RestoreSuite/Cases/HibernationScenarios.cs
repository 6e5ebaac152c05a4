using LinuxVirtio.Bus;
using LinuxVirtio.Drivers;
using LinuxVirtio.Pm;
using LinuxVirtio.Tracing;
using LinuxVirtio.Virtio;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace RestoreSuite.Cases;

/// <summary>
/// S7 and the hibernation variants: the image kernel freezes, snapshots its memory, thaws, powers off; a boot
/// kernel probes the device with rings at *different* addresses and quiesces it; the image kernel's memory is put
/// back and it restores (restore_noirq re-programs the image kernel's own ring addresses).
/// </summary>
public static class HibernationScenarios
{
    /// <summary>Runs a whole hibernation cycle; <paramref name="probeImage"/> and <paramref name="probeBoot"/> probe the device in each kernel.</summary>
    public static (Machine Image, Machine Boot, ProbedDevice ImageDev, ProbedDevice BootDev) Cycle(
        ScenarioRun run, Func<Machine, ProbedDevice> probeImage, Func<Machine, ProbedDevice> probeBoot, Action<Machine, ProbedDevice>? beforeHibernate = null)
    {
        var image = run.Boot("image-kernel");
        var imageDev = probeImage(image);
        beforeHibernate?.Invoke(image, imageDev);

        // hibernate(): freeze, snapshot, thaw, write the image, power off.
        var r = image.Pm.Suspend(PmEvent.Freeze);
        run.Check(r.Ok, $"{r.FailedPhase} of {r.FailedDevice} failed: {LinuxVirtio.Kernel.Errno.Describe(r.Error)}");
        run.Trace.Mark("snapshot");
        var snapshot = Snapshot(imageDev.Bus, image.Dma!);
        image.Pm.Resume(PmEvent.Freeze);
        r = image.Pm.Suspend(PmEvent.Poweroff);
        run.Check(r.Ok, $"{r.FailedPhase} of {r.FailedDevice} failed: {LinuxVirtio.Kernel.Errno.Describe(r.Error)}");
        run.Trace.Mark("power-off");

        // The boot kernel: its own allocations, placed after the image kernel's.
        int bootOffset = (image.Dma!.HighWater + 4095) & ~4095;
        var boot = run.Boot("boot-kernel", dmaFirstOffset: bootOffset < imageDev.Bus.MemorySize ? bootOffset : 0);
        var bootDev = probeBoot(boot);
        r = boot.Pm.Suspend(PmEvent.Quiesce);
        run.Check(r.Ok, $"{r.FailedPhase} of {r.FailedDevice} failed: {LinuxVirtio.Kernel.Errno.Describe(r.Error)}");

        // Jump to the image: its RAM is back as it was at the snapshot.
        run.Trace.Mark("image-load");
        foreach (var (addr, bytes) in snapshot)
        {
            imageDev.Bus.WriteMemory(addr, bytes);
        }

        image.Pm.RestoreFromImage();
        return (image, boot, imageDev, bootDev);
    }

    public static void NewAddresses(ScenarioRun run)
    {
        var opts = new TestDriverOptions();
        var (image, _, imageDev, bootDev) = Cycle(run,
            m => Flow.ProbeTest(run, m, DeviceKinds.Test2Q, opts),
            m => Flow.ProbeTest(run, m, DeviceKinds.Test2Q, opts));

        var imageDesc = DescAddresses(run, $"probe:{imageDev.Vdev.Name}");
        var bootDesc = DescAddresses(run, $"probe:{bootDev.Vdev.Name}");
        run.Check(imageDesc.Count == imageDev.Slot.QueueCount && bootDesc.Count == imageDesc.Count, "every queue programmed in both kernels");
        run.Check(!imageDesc.Intersect(bootDesc).Any(), $"boot kernel reused the image kernel's ring addresses ({string.Join(",", bootDesc.Select(a => $"0x{a:x}"))})");
        var restored = DescAddresses(run, $"restore_noirq:{imageDev.Vdev.Name}");
        run.Check(restored.SequenceEqual(imageDesc),
            $"restore_noirq programmed 0x{string.Join(",0x", restored.Select(a => a.ToString("x")))}, expected the image kernel's 0x{string.Join(",0x", imageDesc.Select(a => a.ToString("x")))}");
        Flow.EchoAll(run, image, imageDev, "after-restore");
        run.ExpectFinalStatus(imageDev, 0x0f, "the image kernel's restore_noirq set DRIVER_OK");
    }

    /// <summary>QueueDescLow values written in a phase, in order.</summary>
    public static List<ulong> DescAddresses(ScenarioRun run, string phase) =>
        Flow.InPhase(run, phase).Where(e => e.Kind == TraceKind.Write && e.Offset is QueueDescLow or QueuePfn)
            .Select(e => e.Offset == QueuePfn ? (ulong)e.Value << 12 : e.Value).ToList();

    private static List<(ulong, byte[])> Snapshot(IVirtioMmioBus bus, LinuxVirtio.Kernel.DmaAllocator dma)
    {
        var list = new List<(ulong, byte[])>();
        foreach (var (addr, len) in dma.Allocations)
        {
            var bytes = new byte[len];
            bus.ReadMemory(addr, bytes);
            list.Add((addr, bytes));
        }

        return list;
    }
}
