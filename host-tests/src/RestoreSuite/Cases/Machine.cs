using LinuxVirtio.Kernel;
using LinuxVirtio.Mmio;
using LinuxVirtio.Pm;
using LinuxVirtio.Tracing;
using LinuxVirtio.Virtio;
using RestoreSuite.Checks;

namespace RestoreSuite.Cases;

/// <summary>A virtio-mmio device probed by one kernel: its transport state, its driver and its PM entry.</summary>
public sealed class ProbedDevice
{
    internal ProbedDevice(TargetDevice slot, VirtioMmioDevice? vm, VirtioDriver driver, TracingBus bus, int probeError, DeviceContractMonitor monitor)
    {
        Slot = slot;
        Vm = vm;
        Driver = driver;
        Bus = bus;
        ProbeError = probeError;
        Monitor = monitor;
    }

    public TargetDevice Slot { get; }

    public VirtioMmioDevice? Vm { get; }

    public VirtioDevice Vdev => Vm?.vdev ?? throw new ScenarioFailure($"slot {Slot.Slot}: the transport probe failed ({Errno.Describe(ProbeError)})");

    public VirtioDriver Driver { get; }

    public TracingBus Bus { get; }

    public int ProbeError { get; }

    public DeviceContractMonitor Monitor { get; }

    public PmDevice? Pm { get; internal set; }
}

/// <summary>
/// One booted kernel: its execution context, its DMA allocator over the shared window and its PM core. A
/// hibernation scenario boots two (the boot kernel and the image kernel) over the same trace.
/// </summary>
public sealed class Machine
{
    private readonly ScenarioRun _run;
    private readonly List<ProbedDevice> _devices = new();

    internal Machine(ScenarioRun run, string name, KernelConfig config, int dmaFirstOffset)
    {
        _run = run;
        Name = name;
        Kernel = new Kernel(config, run.Trace);
        Pm = new PmCore(Kernel);
        DmaFirstOffset = dmaFirstOffset;
    }

    public string Name { get; }

    public Kernel Kernel { get; }

    public PmCore Pm { get; }

    public int DmaFirstOffset { get; }

    public DmaAllocator? Dma { get; private set; }

    public IReadOnlyList<ProbedDevice> Devices => _devices;

    /// <summary>
    /// virtio_mmio_probe on a slot with <paramref name="driver"/> loaded, then device_pm_add. The probe's
    /// accesses are traced in phase "probe:&lt;vdev&gt;".
    /// </summary>
    public ProbedDevice Probe(TargetDevice slot, VirtioDriver driver, TransportQuirks? quirks = null, string? tag = null)
    {
        var raw = _run.Target.OpenBus(slot.Slot);
        Dma ??= new DmaAllocator(raw.MemoryBase, raw.MemorySize, DmaFirstOffset);
        var bus = new TracingBus(raw, _run.Trace, tag);
        _run.Own(bus);
        string vdevName = $"virtio{_run.NextVirtioIndex()}";
        var monitor = new DeviceContractMonitor(bus, vdevName);
        _run.Monitors.Add(monitor);
        _run.Trace.Mark($"probe:{vdevName}");
        VirtioMmioDevice? vm = null;
        var dma = Dma;
        int err = Kernel.InContext(ExecContext.Process, () => VirtioMmioDevice.virtio_mmio_probe(Kernel, bus, dma, vdevName, driver, out vm, quirks));
        var dev = new ProbedDevice(slot, vm, driver, bus, err, monitor);
        if (vm != null)
        {
            dev.Pm = new PmDevice(vdevName)
            {
                Suspend = vm.virtio_mmio_freeze,
                SuspendNoirq = vm.virtio_mmio_freeze_noirq,
                ResumeNoirq = vm.virtio_mmio_restore_noirq,
                Resume = vm.virtio_mmio_restore,
            };
            Pm.device_pm_add(dev.Pm);
        }

        _devices.Add(dev);
        Kernel.HandlePendingInterrupts();
        return dev;
    }
}
