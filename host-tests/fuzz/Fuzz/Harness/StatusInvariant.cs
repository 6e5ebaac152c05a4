using VirtioMmio.Transport;

namespace Fuzz.Harness;

/// <summary>
/// The device status state machine, checked from outside: which Status values may exist, and which change a
/// single register access may cause. Independent of DeviceStatusMachine's code (it restates the spec rules).
/// </summary>
public static class StatusInvariant
{
    private const uint Sequence = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk;
    private const uint Known = Sequence | DeviceStatus.Failed | DeviceStatus.DeviceNeedsReset;

    /// <summary>The sequence part walks 0 → 1 → 3 → 0xB → 0xF (legacy: 0 → 1 → 3 → 7).</summary>
    public static int Step(uint status, bool legacy)
    {
        switch (status & Sequence)
        {
            case 0: return 0;
            case 0x1: return 1;
            case 0x3: return 2;
            case 0xB: return legacy ? -1 : 3;
            case 0xF: return legacy ? -1 : 4;
            case 0x7: return legacy ? 3 : -1;
            default: return -1;
        }
    }

    public static void CheckValue(uint status, bool legacy, in AccessContext where)
    {
        if ((status & ~Known) != 0 || Step(status, legacy) < 0)
        {
            throw new InvariantViolation($"{where}: invalid Status 0x{status:x2}");
        }
    }

    /// <summary>
    /// Checks one access's effect on Status. <paramref name="statusWrite"/> is the value if the access was a
    /// 4-byte write to Status, else null. <paramref name="deviceError"/>: the device recorded a reason to stop.
    /// </summary>
    public static void CheckChange(uint before, uint after, uint? statusWrite, bool legacy, bool deviceError, in AccessContext where)
    {
        CheckValue(after, legacy, where);
        if (statusWrite == 0)
        {
            if (after != 0)
            {
                throw new InvariantViolation($"{where}: Status 0x{after:x2} after writing 0 (reset must be synchronous)");
            }

            return;
        }

        int from = Step(before, legacy);
        int to = Step(after, legacy);
        if (statusWrite is null)
        {
            if (to != from || ((before & DeviceStatus.Failed) != (after & DeviceStatus.Failed)))
            {
                throw new InvariantViolation($"{where}: Status moved 0x{before:x2} -> 0x{after:x2} without a Status write");
            }
        }
        else if (to != from && to != from + 1)
        {
            throw new InvariantViolation($"{where}: Status jumped 0x{before:x2} -> 0x{after:x2} on write 0x{statusWrite:x2}");
        }

        if ((before & DeviceStatus.DeviceNeedsReset) != 0 && (after & DeviceStatus.DeviceNeedsReset) == 0)
        {
            throw new InvariantViolation($"{where}: DEVICE_NEEDS_RESET cleared without a reset (0x{before:x2} -> 0x{after:x2})");
        }

        if ((before & DeviceStatus.DeviceNeedsReset) == 0 && (after & DeviceStatus.DeviceNeedsReset) != 0 && !deviceError)
        {
            throw new InvariantViolation($"{where}: DEVICE_NEEDS_RESET set with no device error recorded");
        }

        if ((before & DeviceStatus.Failed) != 0 && (after & DeviceStatus.Failed) == 0)
        {
            throw new InvariantViolation($"{where}: FAILED cleared without a reset");
        }
    }
}
