using System.Diagnostics;
using LinuxVirtio.Bus;
using LinuxVirtio.Kernel;
using LinuxVirtio.Tracing;

namespace RestoreSuite.Cases;

/// <summary>
/// Runs a scenario body and turns whatever happened into a <see cref="ScenarioOutcome"/>: a device divergence seen
/// by a monitor wins (it is the root cause), then a failed check, a hang, a protocol violation, then unexpected
/// kernel log lines.
/// </summary>
public abstract class ScenarioBase : IScenario
{
    protected ScenarioBase(string name, string title, string deviceKind)
    {
        Name = name;
        Title = title;
        DeviceKind = deviceKind;
    }

    public string Name { get; }

    public string Title { get; }

    public string DeviceKind { get; }

    /// <summary>
    /// False for scenarios with no suspend/resume in them (a cold probe): a soak (<see cref="ScenarioContext.Cycles"/>)
    /// runs them once, since repeating a cold probe on the same boot is not a sleep cycle.
    /// </summary>
    protected virtual bool RepeatsPerCycle => true;

    public ScenarioOutcome Run(ScenarioContext context)
    {
        var sw = Stopwatch.StartNew();
        using var run = new ScenarioRun(context);
        string? failure = null;
        bool restarted = false;
        bool skipped = false;
        long failureSeq = long.MaxValue;
        try
        {
            int cycles = RepeatsPerCycle ? Math.Max(1, context.Cycles) : 1;
            for (int cycle = 0; cycle < cycles; cycle++)
            {
                Body(run, cycle);
                context.Progress?.Invoke($"{Name}: cycle {cycle + 1} done at #{run.Trace.LastAccessSeq}");
                if (run.FirstProblem() != null)
                {
                    break;
                }
            }
        }
        catch (ScenarioSkipped e)
        {
            skipped = true;
            failure = e.Message;
        }
        catch (ScenarioFailure e)
        {
            failure = e.Message;
        }
        catch (DeviceHangException e)
        {
            failure = "hang: " + e.Message;
        }
        catch (ProtocolViolationException e)
        {
            failure = "protocol violation: " + e.Message;
        }
        catch (DeviceRestartedException e)
        {
            restarted = true;
            failure = e.Message;
        }
        catch (BusException e)
        {
            failure = "bus error: " + e.Message;
        }

        if (failure != null)
        {
            failureSeq = run.Trace.LastAccessSeq;
        }

        // Whatever the run recorded first (a device divergence, an unexpected kernel message) is the root cause of
        // a check that failed at or after it.
        string? problem = run.FirstProblem(out long problemSeq);
        if (!skipped && !restarted && problem != null && (failure == null || problemSeq <= failureSeq))
        {
            failure = problem;
        }

        sw.Stop();
        return new ScenarioOutcome
        {
            Scenario = Name,
            Passed = failure == null || skipped,
            Skipped = skipped,
            Failure = failure,
            DeviceRestarted = restarted,
            Trace = run.Trace.Entries.ToList(),
            Phases = PhaseTimings(run.Trace.Entries),
            Duration = sw.Elapsed,
        };
    }

    /// <summary>The scenario itself; <paramref name="cycle"/> counts soak cycles from 0.</summary>
    protected abstract void Body(ScenarioRun run, int cycle);

    private static IReadOnlyList<PhaseTiming> PhaseTimings(IReadOnlyList<TraceEntry> entries)
    {
        var list = new List<PhaseTiming>();
        TraceEntry? open = null;
        foreach (var e in entries.Where(e => e.Kind == TraceKind.Phase))
        {
            if (open != null)
            {
                list.Add(new PhaseTiming(open.Phase, e.Time - open.Time));
            }

            open = e;
        }

        if (open != null && entries.Count > 0)
        {
            list.Add(new PhaseTiming(open.Phase, entries[^1].Time - open.Time));
        }

        return list;
    }
}
