using LinuxVirtio.Drivers;
using LinuxVirtio.Kernel;
using LinuxVirtio.Tracing;

namespace RestoreSuite.Cases;

/// <summary>
/// Clock and regulator: the client drivers' probe traffic, and the proof that no output glitches across a
/// successful restore (the device's own OutputTransitions counter does not move while restore_noirq re-applies
/// the saved rates, enables and voltages).
/// </summary>
public static class OutputScenarios
{
    public static ProbedDevice ProbeClock(ScenarioRun run, Machine m)
    {
        var dev = m.Probe(run.Slot(DeviceKinds.Clock), new VirtioClkDriver());
        run.CheckOk(dev.ProbeError, "virtio_clk probe");
        var drv = (VirtioClkDriver)dev.Driver;
        run.Check(drv.NumClks > 0, "num_clks is 0");
        return dev;
    }

    public static ProbedDevice ProbeRegulator(ScenarioRun run, Machine m)
    {
        var dev = m.Probe(run.Slot(DeviceKinds.Regulator), new VirtioRegulatorDriver(RegulatorTrees.For(run.Context)));
        run.CheckOk(dev.ProbeError, "virtio_regulator probe");
        return dev;
    }

    public static void ClockProbe(ScenarioRun run)
    {
        var m = run.Boot("linux");
        var dev = ProbeClock(run, m);
        var drv = (VirtioClkDriver)dev.Driver;
        run.Check(drv.Errors.Count == 0, $"clock requests failed: {string.Join("; ", drv.Errors)}");
        run.ExpectFinalStatus(dev, 0x0f, "DRIVER_OK set by the driver before its config reads");
    }

    public static void RegulatorProbe(ScenarioRun run)
    {
        var m = run.Boot("linux");
        var dev = ProbeRegulator(run, m);
        var drv = (VirtioRegulatorDriver)dev.Driver;
        run.Check(drv.Errors.Count == 0, $"regulator requests failed: {string.Join("; ", drv.Errors)}");
        var tree = RegulatorTrees.For(run.Context);
        for (int i = 0; i < tree.Count; i++)
        {
            run.Check(!tree[i].AlwaysOn || drv.Regulator(i).Enabled, $"always-on regulator {tree[i].Name} not enabled at registration");
        }
        run.ExpectFinalStatus(dev, 0x0f, "DRIVER_OK");
    }

    /// <summary>Clock: set a rate and prepare, sleep, and check the restore re-applied them without a transition.</summary>
    public static void ClockNoGlitch(ScenarioRun run, bool hibernate)
    {
        uint rate = 0;
        Action<Machine, ProbedDevice> configure = (mm, d) =>
        {
            var drv = (VirtioClkDriver)d.Driver;
            mm.Kernel.InContext(ExecContext.Process, () =>
            {
                run.Trace.Mark("clk-configure");
                drv.clk_set_rate(0, drv.Clock(0).Rate == 48_000_000 ? 96_000_000u : 48_000_000u);
                drv.clk_prepare(0);
            });
            rate = drv.Clock(0).Rate;
            run.Check(drv.Errors.Count == 0, $"clock requests failed: {string.Join("; ", drv.Errors)}");
        };

        var (m, dev, before) = ConfigureAndSleep(run, hibernate, mm => ProbeClock(run, mm), configure);

        var after = run.Target.ReadCounters(dev.Slot.Slot);
        run.Check(after.OutputTransitions == before.OutputTransitions,
            $"clock outputs glitched: {after.OutputTransitions - before.OutputTransitions} transition(s) across the restore");
        ExpectReapplied(run, dev, hibernate, 2);
        var clk = (VirtioClkDriver)dev.Driver;
        run.Check(clk.Errors.Count == 0, $"clock requests failed: {string.Join("; ", clk.Errors)}");
        uint now = m.Kernel.InContext(ExecContext.Process, () => clk.recalc_rate(0));
        run.Check(now == rate, $"clock 0 runs at {now} Hz after the restore, expected {rate} Hz");
        run.ExpectFinalStatus(dev, 0x0f, "DRIVER_OK set in restore_noirq");
    }

    /// <summary>
    /// Regulator: move the first adjustable regulator to another voltage and enable a regulator that is off, sleep,
    /// and check the restore re-applied both without a physical transition. Values come from the guest's device tree,
    /// so the scenario runs against any board.
    /// </summary>
    public static void RegulatorNoGlitch(ScenarioRun run, bool hibernate)
    {
        var tree = RegulatorTrees.For(run.Context);
        int adjustable = IndexOf(tree, n => n.MaxUv > 0);
        int switched = IndexOf(tree, n => !n.AlwaysOn);
        run.Check(adjustable >= 0 || switched >= 0, "the regulator device tree has nothing to configure");
        int expectedUv = 0;
        Action<Machine, ProbedDevice> configure = (mm, d) =>
        {
            var drv = (VirtioRegulatorDriver)d.Driver;
            mm.Kernel.InContext(ExecContext.Process, () =>
            {
                run.Trace.Mark("regulator-configure");
                if (adjustable >= 0)
                {
                    var node = tree[adjustable];
                    int target = drv.get_voltage(adjustable) == node.MinUv ? node.MaxUv : node.MinUv;
                    drv.set_voltage(adjustable, target, target);
                    expectedUv = drv.get_voltage(adjustable);
                }

                if (switched >= 0)
                {
                    drv.enable(switched);
                }
            });
            run.Check(drv.Errors.Count == 0, $"regulator requests failed: {string.Join("; ", drv.Errors)}");
        };

        var (m, dev, before) = ConfigureAndSleep(run, hibernate, mm => ProbeRegulator(run, mm), configure);

        var after = run.Target.ReadCounters(dev.Slot.Slot);
        run.Check(after.OutputTransitions == before.OutputTransitions,
            $"regulator outputs glitched: {after.OutputTransitions - before.OutputTransitions} transition(s) across the restore");
        ExpectReapplied(run, dev, hibernate, 2);
        var reg = (VirtioRegulatorDriver)dev.Driver;
        run.Check(reg.Errors.Count == 0, $"regulator requests failed: {string.Join("; ", reg.Errors)}");
        if (adjustable >= 0)
        {
            int uv = m.Kernel.InContext(ExecContext.Process, () => reg.get_voltage(adjustable));
            run.Check(uv == expectedUv, $"{tree[adjustable].Name} at {uv} µV after the restore, expected {expectedUv}");
        }

        if (switched >= 0)
        {
            run.Check(reg.Regulator(switched).Enabled, $"{tree[switched].Name} no longer enabled after the restore");
        }

        run.ExpectFinalStatus(dev, 0x0f, "DRIVER_OK set in restore_noirq");
    }

    private static int IndexOf(IReadOnlyList<RegulatorNode> tree, Func<RegulatorNode, bool> match)
    {
        for (int i = 0; i < tree.Count; i++)
        {
            if (match(tree[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The restore_noirq of the device re-applied its saved state with at least <paramref name="n"/> polled requests.</summary>
    /// <summary>
    /// Probes, configures and sleeps (suspend/resume, or a hibernation cycle configured in the image kernel); returns
    /// the machine and device after the restore and the device counters taken right after configuring.
    /// </summary>
    private static (Machine M, ProbedDevice Dev, DeviceCounters Before) ConfigureAndSleep(
        ScenarioRun run, bool hibernate, Func<Machine, ProbedDevice> probe, Action<Machine, ProbedDevice> configure)
    {
        if (hibernate)
        {
            DeviceCounters? atSnapshot = null;
            var cycle = HibernationScenarios.Cycle(run, probe, probe, (mm, d) =>
            {
                configure(mm, d);
                atSnapshot = run.Target.ReadCounters(d.Slot.Slot);
            });
            return (cycle.Image, cycle.ImageDev, atSnapshot!);
        }

        var m = run.Boot("linux");
        var dev = probe(m);
        configure(m, dev);
        var before = run.Target.ReadCounters(dev.Slot.Slot);
        Flow.SuspendResume(run, m);
        return (m, dev, before);
    }

    private static void ExpectReapplied(ScenarioRun run, ProbedDevice dev, bool hibernate, int n)
    {
        string phase = (hibernate ? "restore_noirq:" : "resume_noirq:") + dev.Vdev.Name;
        int polled = Flow.InPhase(run, phase).Count(e => e.Kind == TraceKind.Note && e.Note!.Contains("polled", StringComparison.Ordinal));
        run.Check(polled >= n, $"{phase}: {polled} polled request(s), expected at least {n} re-applying the saved state");
    }
}
