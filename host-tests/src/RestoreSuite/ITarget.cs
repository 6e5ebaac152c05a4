using LinuxVirtio.Bus;
using LinuxVirtio.Drivers;

namespace RestoreSuite;

/// <summary>Kinds of device slot a target can offer. A scenario asks for the kind it needs.</summary>
public static class DeviceKinds
{
    /// <summary>virtio-clock (0xC000 or 30), one queue.</summary>
    public const string Clock = "clock";

    /// <summary>virtio-regulator (0xC001 or 31), one queue.</summary>
    public const string Regulator = "regulator";

    /// <summary>Trivial test device with one queue (echo).</summary>
    public const string Test1Q = "test-1q";

    /// <summary>Trivial test device with two queues (echo).</summary>
    public const string Test2Q = "test-2q";

    /// <summary>Legacy (Version 1) trivial test device with one queue.</summary>
    public const string TestLegacy = "test-legacy";
}

/// <summary>One virtio-mmio device slot of a target.</summary>
public sealed record TargetDevice(int Slot, string Kind, uint DeviceId, int Version, int QueueCount);

/// <summary>
/// Counters the device side keeps, readable over every transport: how the suite proves "no glitch" and
/// "exactly once" without trusting the host side.
/// </summary>
public sealed record DeviceCounters(
    uint RequestsCompleted,
    uint Notifies,
    uint Resets,
    uint OutputTransitions);

/// <summary>
/// Something the suite runs against: the in-process device core, the emulator over TCP or a pty, or a board over serial.
/// </summary>
public interface ITarget : IDisposable
{
    /// <summary>Human-readable description ("in-process emulator", "tcp://127.0.0.1:5555", ...).</summary>
    string Description { get; }

    /// <summary>The device slots this target serves.</summary>
    IReadOnlyList<TargetDevice> Devices { get; }

    /// <summary>Opens the register/memory path to one slot.</summary>
    IVirtioMmioBus OpenBus(int slot);

    /// <summary>Reads the device-side counters of one slot.</summary>
    DeviceCounters ReadCounters(int slot);

    /// <summary>
    /// Makes the device change its config space on its own (a device-side event, as while the guest sleeps).
    /// Returns false if this target cannot (the default), in which case scenarios that need it are skipped.
    /// </summary>
    bool TryChangeConfig(int slot) => false;

    /// <summary>
    /// The guest device tree's regulator nodes for the regulator slot, when the target knows its resources (the
    /// in-process device set does). Null when it does not: the run then uses <see cref="ScenarioContext.RegulatorTree"/>
    /// (e.g. from a board file) or the standard device set's tree. The virtio_regulator protocol names regulators only,
    /// so the guest's tree must match the board, exactly as on a real system.
    /// </summary>
    IReadOnlyList<RegulatorNode>? RegulatorTree => null;
}
