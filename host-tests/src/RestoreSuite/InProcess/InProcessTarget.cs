using LinuxVirtio.Bus;
using RestoreSuite.InProcess;
using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Devices.Test;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace RestoreSuite;

/// <summary>
/// The device core in this process: one shared memory window (guest RAM as the devices see it) and one
/// <see cref="MmioTransport"/> per slot — the echo test device with 1 and 2 queues and as a legacy device, the
/// virtio-clock and the virtio-regulator of the standard board (simulated outputs, journaled transitions).
/// </summary>
public sealed class InProcessTarget : ITarget
{
    public const ulong DefaultMemoryBase = 0x8000_0000;
    public const int DefaultMemorySize = 64 * 1024;

    private readonly MemoryWindow _memory;
    private readonly List<Slot> _slots = new();

    public InProcessTarget(ulong memoryBase = DefaultMemoryBase, int memorySize = DefaultMemorySize)
    {
        _memory = new MemoryWindow(memoryBase, memorySize);
        Add(DeviceKinds.Test1Q, new EchoTestDevice(1, 16), new TransportOptions());
        Add(DeviceKinds.Test2Q, new EchoTestDevice(2, 16), new TransportOptions());
        Add(DeviceKinds.TestLegacy, new EchoTestDevice(1, 16), new TransportOptions { Version = 1 });
        Add(DeviceKinds.Clock, StandardBoard.CreateClock(), new TransportOptions());
        Add(DeviceKinds.Regulator, StandardBoard.CreateRegulator(), new TransportOptions());
    }

    public string Description => $"in-process device core (memory 0x{_memory.BaseAddress:x}+{_memory.Size / 1024} KiB)";

    public IReadOnlyList<TargetDevice> Devices => _slots.Select(s => s.Info).ToList();

    public MemoryWindow Memory => _memory;

    /// <summary>The transport of a slot (tests use it to inspect device state).</summary>
    public MmioTransport Transport(int slot) => Get(slot).Transport;

    public IVirtioMmioBus OpenBus(int slot) => new InProcessBus(Get(slot).Transport, _memory);

    public DeviceCounters ReadCounters(int slot)
    {
        var t = Get(slot).Transport;
        uint transitions = t.Device is IOutputJournal journal ? journal.OutputTransitions : 0;
        return new DeviceCounters(t.RequestsCompleted, t.Notifies, t.Resets, transitions);
    }

    public bool TryChangeConfig(int slot)
    {
        if (Get(slot).Transport.Device is EchoTestDevice echo)
        {
            echo.ChangeConfig();
            return true;
        }

        return false;
    }

    public void Dispose()
    {
    }

    private void Add(string kind, IVirtioPersonality device, TransportOptions options)
    {
        var transport = new MmioTransport(device, _memory, options);
        _slots.Add(new Slot(new TargetDevice(_slots.Count, kind, device.DeviceId, options.Version, device.QueueCount), transport));
    }

    private Slot Get(int slot) =>
        slot >= 0 && slot < _slots.Count ? _slots[slot] : throw new ArgumentOutOfRangeException(nameof(slot), $"no slot {slot} (0..{_slots.Count - 1})");

    private sealed record Slot(TargetDevice Info, MmioTransport Transport);
}
