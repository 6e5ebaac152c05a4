using LinuxVirtio.Drivers;
using VirtioMmio.Devices.Regulator;
using LinuxVirtio.Bus;
using RestoreSuite.InProcess;
using VirtioMmio.App;
using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace RestoreSuite;

/// <summary>
/// The device core in this process: the standard device set of the firmware and the emulator
/// (<see cref="StandardDeviceSet"/>: clock, regulator, test-2q, test-1q, test-legacy over one shared memory window,
/// simulated outputs with journaled transitions), reached through an in-process bus per slot.
/// </summary>
public sealed class InProcessTarget : ITarget
{
    private readonly DeviceSet _set;

    public InProcessTarget()
        : this(StandardDeviceSet.CreateSimulated())
    {
    }

    /// <summary>Any device set (tests build their own).</summary>
    public InProcessTarget(DeviceSet set)
    {
        _set = set;
    }

    public string Description => $"in-process device core (memory 0x{_set.Memory.BaseAddress:x}+{_set.Memory.Size / 1024} KiB)";

    public IReadOnlyList<TargetDevice> Devices => Enumerable.Range(0, _set.SlotCount).Select(i =>
    {
        var t = _set.GetTransport(i);
        return new TargetDevice(i, _set.GetKind(i), t.Device.DeviceId, t.Options.Version, t.Device.QueueCount);
    }).ToList();

    public MemoryWindow Memory => _set.Memory;

    /// <summary>The transport of a slot (tests use it to inspect device state).</summary>
    public MmioTransport Transport(int slot) => _set.GetTransport(Check(slot));

    public IVirtioMmioBus OpenBus(int slot) => new InProcessBus(_set.GetTransport(Check(slot)), _set.Memory);

    public DeviceCounters ReadCounters(int slot)
    {
        var t = _set.GetTransport(Check(slot));
        return new DeviceCounters(t.RequestsCompleted, t.Notifies, t.Resets, _set.GetOutputTransitions(slot));
    }

    public bool TryChangeConfig(int slot)
    {
        if (_set.GetTransport(Check(slot)).Device is EchoTestDevice echo)
        {
            echo.ChangeConfig();
            return true;
        }

        return false;
    }

    public IReadOnlyList<RegulatorNode>? RegulatorTree
    {
        get
        {
            for (int slot = 0; slot < _set.SlotCount; slot++)
            {
                if (_set.GetTransport(slot).Device is RegulatorDevice regulators)
                {
                    return Enumerable.Range(0, regulators.RegulatorCount)
                        .Select(i => RegulatorTrees.NodeFor(regulators.GetDescriptor(i)))
                        .ToList();
                }
            }

            return null;
        }
    }

    public void Dispose()
    {
    }

    private int Check(int slot) =>
        _set.IsValidSlot(slot) ? slot : throw new ArgumentOutOfRangeException(nameof(slot), $"no slot {slot} (0..{_set.SlotCount - 1})");
}
