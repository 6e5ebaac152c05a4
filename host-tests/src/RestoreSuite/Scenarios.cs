using LinuxVirtio.Drivers;
using LinuxVirtio.Kernel;
using LinuxVirtio.Pm;
using RestoreSuite.Cases;

namespace RestoreSuite;

/// <summary>Every restore-protocol scenario, by stable name (the runner's --scenario and the test names).</summary>
public static class Scenarios
{
    public static IReadOnlyList<IScenario> All { get; } = new IScenario[]
    {
        new DelegateScenario("S1-probe-1q", "cold probe, one queue, compared with §2.1", DeviceKinds.Test1Q, r => ProbeScenarios.Probe(r, DeviceKinds.Test1Q), repeatsPerCycle: false),
        new DelegateScenario("S1-probe-2q", "cold probe, two queues, compared with §2.1", DeviceKinds.Test2Q, r => ProbeScenarios.Probe(r, DeviceKinds.Test2Q), repeatsPerCycle: false),
        new DelegateScenario("S2-noirq-happy-path", "DRIVER_OK in restore_noirq, polled request, late interrupt, restore reads only Status", DeviceKinds.Test1Q, r => NoirqScenarios.HappyPath(r, DeviceKinds.Test1Q)),
        new DelegateScenario("S2-noirq-happy-path-2q", "the S2 path with two queues", DeviceKinds.Test2Q, r => NoirqScenarios.HappyPath(r, DeviceKinds.Test2Q)),
        new DelegateScenario("S3-restore-noirq-without-ready", "restore_noirq without ready_noirq: DRIVER_OK from the normal restore", DeviceKinds.Test1Q, NoirqScenarios.WithoutReadyNoirq),
        new DelegateScenario("S4-features-ok-refused", "device refuses FEATURES_OK in restore_noirq: final Status 0x83", DeviceKinds.Test1Q, r => ErrorPathScenarios.FeaturesOkRefused(r, NoirqRfc.V9)),
        new DelegateScenario("S5-failed-before-freeze", "dev->failed before freeze: FAILED re-added, bring-up continues to 0x8F", DeviceKinds.Test1Q, NoirqScenarios.FailedBeforeFreeze),
        new DelegateScenario("S6-reset-with-request-in-flight", "reset with a request in flight: no replay, fresh ring from index 0", DeviceKinds.Test1Q, NoirqScenarios.ResetWithRequestInFlight),
        new DelegateScenario("S7-hibernation-new-addresses", "hibernation: boot kernel rings elsewhere, image kernel restores its own", DeviceKinds.Test2Q, HibernationScenarios.NewAddresses),
        new DelegateScenario("S8-legacy-v1", "legacy Version 1 device: GuestPageSize twice, QueueAlign/QueuePFN", DeviceKinds.TestLegacy, NoirqScenarios.Legacy),
        new DelegateScenario("S9-config-change-while-asleep", "config change while asleep re-signalled after DRIVER_OK", DeviceKinds.Test1Q, NoirqScenarios.ConfigChangeWhileAsleep),
        new DelegateScenario("S10-notify-before-driver-ok", "QueueNotify before DRIVER_OK (HARDEN off) ignored or deferred", DeviceKinds.Test1Q, NoirqScenarios.NotifyBeforeDriverOk),

        new DelegateScenario("E1-features-ok-refused", "§3.7 row 1: FEATURES_OK refused → 0x83", DeviceKinds.Test1Q, r => ErrorPathScenarios.FeaturesOkRefused(r, NoirqRfc.V9)),
        new DelegateScenario("E2-failed-at-freeze", "§3.7 row 2: dev->failed at freeze → 0x8F", DeviceKinds.Test1Q, NoirqScenarios.FailedBeforeFreeze),
        new DelegateScenario("E3-mem-acc-without-access-platform", "§3.7 row 3: mem_acc without ACCESS_PLATFORM → 0x83, no FEATURES_OK write", DeviceKinds.Test1Q, ErrorPathScenarios.MemAccWithoutAccessPlatform),
        new DelegateScenario("E4-no-version-1", "§3.7 row 4: VERSION_1 missing from dev->features → 0x83", DeviceKinds.Test1Q, ErrorPathScenarios.NoVersion1),
        new DelegateScenario("E5-no-reset-vqs-v2", "§3.7 row 5 (RFC v2): transport lacks reset_vqs → 0x8B, then 0x8F", DeviceKinds.Test1Q, ErrorPathScenarios.NoResetVqsV2),
        new DelegateScenario("E5-no-reset-vqs-v9", "§3.7 row 5 (v9): freeze_noirq refuses with -EOPNOTSUPP", DeviceKinds.Test1Q, ErrorPathScenarios.NoResetVqsV9),
        new DelegateScenario("E6-reset-vqs-fails", "§3.7 row 6: reset_vqs fails (legacy PFN) after a partial row 7 → FAILED", DeviceKinds.TestLegacy, ErrorPathScenarios.ResetVqsFails),
        new DelegateScenario("E7-restore-noirq-fails-before-ready", "§3.7 row 7: driver restore_noirq fails before DRIVER_OK → 0x8B", DeviceKinds.Test1Q, r => ErrorPathScenarios.RestoreNoirqFails(r, RestoreNoirqFailure.BeforeReady, NoirqRfc.V9)),
        new DelegateScenario("E7-restore-noirq-fails-after-ready", "§3.7 row 7: driver restore_noirq fails after DRIVER_OK → 0x8F", DeviceKinds.Test1Q, r => ErrorPathScenarios.RestoreNoirqFails(r, RestoreNoirqFailure.AfterReady, NoirqRfc.V9)),
        new DelegateScenario("E8-v2-restore-after-features-refused", "§3.7 row 8: RFC v2 sets DRIVER_OK on top of FAILED → 0x87", DeviceKinds.Test1Q, r => ErrorPathScenarios.FeaturesOkRefused(r, NoirqRfc.V2)),
        new DelegateScenario("E8-v2-restore-after-restore-noirq-failure", "§3.7 row 8: RFC v2 after a failed restore_noirq → 0x8F", DeviceKinds.Test1Q, r => ErrorPathScenarios.RestoreNoirqFails(r, RestoreNoirqFailure.BeforeReady, NoirqRfc.V2)),
        new DelegateScenario("E9-transport-not-noirq-safe", "§3.7 row 9 (v8+): freeze returns -EOPNOTSUPP, device untouched", DeviceKinds.Test1Q, ErrorPathScenarios.NotNoirqSafe),

        new DelegateScenario("L1-today-suspend-resume", "today's driver (no noirq): freeze deletes vqs, restore re-inits (§2.5)", DeviceKinds.Test1Q, r => TodayScenarios.SuspendResume(r, DeviceKinds.Test1Q, PmEvent.Suspend)),
        new DelegateScenario("L2-today-hibernation-freeze-thaw", "today's driver across hibernation freeze/thaw", DeviceKinds.Test1Q, r => TodayScenarios.SuspendResume(r, DeviceKinds.Test1Q, PmEvent.Freeze)),
        new DelegateScenario("L3-today-legacy-suspend-resume", "today's driver on a legacy device", DeviceKinds.TestLegacy, r => TodayScenarios.SuspendResume(r, DeviceKinds.TestLegacy, PmEvent.Suspend)),

        new DelegateScenario("CLK-probe", "virtio_clk probe: DRIVER_OK, config reads, one GET_RATE per clock", DeviceKinds.Clock, OutputScenarios.ClockProbe),
        new DelegateScenario("CLK-no-glitch-s2idle", "clock rate/enable re-applied in restore_noirq without an output transition", DeviceKinds.Clock, r => OutputScenarios.ClockNoGlitch(r, hibernate: false)),
        new DelegateScenario("CLK-no-glitch-hibernation", "clock outputs unchanged across a hibernation cycle", DeviceKinds.Clock, r => OutputScenarios.ClockNoGlitch(r, hibernate: true)),
        new DelegateScenario("REG-probe", "virtio_regulator probe: DRIVER_OK, always-on enable", DeviceKinds.Regulator, OutputScenarios.RegulatorProbe),
        new DelegateScenario("REG-no-glitch-s2idle", "regulator voltage/enable re-applied in restore_noirq without an output transition", DeviceKinds.Regulator, r => OutputScenarios.RegulatorNoGlitch(r, hibernate: false)),
        new DelegateScenario("REG-no-glitch-hibernation", "regulator outputs unchanged across a hibernation cycle", DeviceKinds.Regulator, r => OutputScenarios.RegulatorNoGlitch(r, hibernate: true)),
    };

    /// <summary>The scenario with this name, or null.</summary>
    public static IScenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
