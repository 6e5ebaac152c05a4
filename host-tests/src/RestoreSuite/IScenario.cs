using LinuxVirtio.Drivers;
using LinuxVirtio.Tracing;

namespace RestoreSuite;

/// <summary>Which revision of the noirq RFC the driver model follows, and kernel config switches.</summary>
public sealed record KernelOptions(
    RfcRevision Rfc = RfcRevision.V9,
    bool HardenNotification = true,
    bool MemAccCallback = false);

public enum RfcRevision
{
    /// <summary>RFC v2: no noirq_safe, no noirq_restore_done; restore always skips re-init when restore_noirq exists.</summary>
    V2,

    /// <summary>RFC v8/v9: noirq_safe, freeze-time checks, -EIO from restore when the noirq restore failed.</summary>
    V9,
}

/// <summary>Everything a scenario run gets.</summary>
public sealed class ScenarioContext
{
    public ScenarioContext(ITarget target, KernelOptions kernel, int cycles = 1)
    {
        Target = target;
        Kernel = kernel;
        Cycles = cycles;
    }

    public ITarget Target { get; }

    public KernelOptions Kernel { get; }

    /// <summary>Suspend/resume cycles for soak runs (1 = a single cycle).</summary>
    public int Cycles { get; }

    /// <summary>
    /// The guest device tree's regulator nodes (names and constraints), e.g. read from the board file given to the
    /// runner. Null: the target's own description, else the standard device set's tree.
    /// </summary>
    public IReadOnlyList<RegulatorNode>? RegulatorTree { get; init; }

    /// <summary>Optional progress sink (a line per notable step), for long runs.</summary>
    public Action<string>? Progress { get; init; }
}

/// <summary>Wall time spent in one PM phase of a scenario.</summary>
public sealed record PhaseTiming(string Phase, TimeSpan Duration);

/// <summary>The verdict of one scenario run, with its exact register trace.</summary>
public sealed class ScenarioOutcome
{
    public required string Scenario { get; init; }

    public required bool Passed { get; init; }

    /// <summary>
    /// Why it failed: names the access where the device diverged, with expected and actual values
    /// (e.g. "#17 R Status: expected 0x0000000b, got 0x00000003 (device refused features)"). Null on success.
    /// </summary>
    public string? Failure { get; init; }

    /// <summary>
    /// The target cannot run this scenario (no such device kind, or no way to trigger a device-side event);
    /// <see cref="Passed"/> is true and <see cref="Failure"/> says why it was skipped.
    /// </summary>
    public bool Skipped { get; init; }

    /// <summary>True when the failure was a device restart (boot id changed), not a protocol verdict.</summary>
    public bool DeviceRestarted { get; init; }

    public required IReadOnlyList<TraceEntry> Trace { get; init; }

    public required IReadOnlyList<PhaseTiming> Phases { get; init; }

    public TimeSpan Duration { get; init; }
}

/// <summary>One named restore-protocol scenario (S1..S10, error paths, ...).</summary>
public interface IScenario
{
    /// <summary>Stable id used by --scenario and test names, e.g. "S2-noirq-happy-path".</summary>
    string Name { get; }

    /// <summary>One-line description.</summary>
    string Title { get; }

    /// <summary>Device kind this scenario needs (see <see cref="DeviceKinds"/>).</summary>
    string DeviceKind { get; }

    ScenarioOutcome Run(ScenarioContext context);
}
