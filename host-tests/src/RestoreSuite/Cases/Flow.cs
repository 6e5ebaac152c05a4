using LinuxVirtio.Drivers;
using LinuxVirtio.Kernel;
using LinuxVirtio.Mmio;
using LinuxVirtio.Pm;
using LinuxVirtio.Tracing;
using RestoreSuite.Checks;

namespace RestoreSuite.Cases;

/// <summary>Steps the scenarios share: probe with a driver, a sleep cycle, a request, phase checks.</summary>
public static class Flow
{
    public static ProbedDevice ProbeTest(ScenarioRun run, Machine m, string kind, TestDriverOptions options, TransportQuirks? quirks = null)
    {
        var slot = run.Slot(kind);
        var dev = m.Probe(slot, new VirtioTestDriver(options with { Queues = slot.QueueCount }), quirks);
        run.CheckOk(dev.ProbeError, $"probe of {kind} (slot {slot.Slot})");
        return dev;
    }

    public static VirtioTestDriver Test(ProbedDevice d) => (VirtioTestDriver)d.Driver;

    /// <summary>Suspends (every phase must succeed), then resumes.</summary>
    public static void SuspendResume(ScenarioRun run, Machine m, PmEvent ev = PmEvent.Suspend, Action? whileAsleep = null)
    {
        var r = m.Pm.Suspend(ev);
        run.Check(r.Ok, $"{r.FailedPhase} of {r.FailedDevice} failed: {Errno.Describe(r.Error)} (after #{run.Trace.LastAccessSeq})");
        whileAsleep?.Invoke();
        m.Pm.Resume(ev);
    }

    /// <summary>An interrupt-driven echo request on every queue, in process context.</summary>
    public static void EchoAll(ScenarioRun run, Machine m, ProbedDevice d, string phase = "io")
    {
        run.Trace.Mark($"{phase}:{d.Vdev.Name}");
        var drv = Test(d);
        for (int q = 0; q < d.Vdev.vqs.Count; q++)
        {
            int err = m.Kernel.InContext(ExecContext.Process, () => drv.Echo(q));
            run.CheckOk(err, $"echo request on queue {q}");
        }

        run.Check(drv.EchoErrors.Count == 0, drv.EchoErrors.FirstOrDefault() ?? "");
    }

    /// <summary>Entries of every phase whose name starts with <paramref name="phase"/>.</summary>
    public static IEnumerable<TraceEntry> InPhase(ScenarioRun run, string phase) =>
        run.Trace.Entries.Where(e => e.Phase.StartsWith(phase, StringComparison.Ordinal));

    public static void ExpectAccesses(ScenarioRun run, string phase, IEnumerable<ExpectedAccess> expected, bool prefixOnly = false)
    {
        string? diff = AccessPattern.Compare(InPhase(run, phase), expected, phase, prefixOnly);
        run.Check(diff == null, diff ?? "");
    }

    /// <summary>The last value written to Status inside <paramref name="phase"/>.</summary>
    public static uint LastStatusIn(ScenarioRun run, string phase) =>
        InPhase(run, phase).LastOrDefault(e => e.Kind == TraceKind.Write && e.Offset == LinuxVirtio.Uapi.VirtioMmioRegisters.Status)?.Value
        ?? throw new ScenarioFailure($"no Status write in phase {phase}");

    public static void ExpectStatusAfter(ScenarioRun run, string phase, uint expected, string why)
    {
        uint got = LastStatusIn(run, phase);
        run.Check(got == expected, $"{phase}: Status left at 0x{got:x8}, expected 0x{expected:x8}: {why}");
    }

    /// <summary>Device-side counters must show exactly <paramref name="requests"/> more completed requests.</summary>
    public static void ExpectCompleted(ScenarioRun run, ProbedDevice d, DeviceCounters before, int requests, string what)
    {
        var after = run.Target.ReadCounters(d.Slot.Slot);
        run.Check(after.RequestsCompleted - before.RequestsCompleted == requests,
            $"{what}: device completed {after.RequestsCompleted - before.RequestsCompleted} request(s), expected exactly {requests}");
    }
}
