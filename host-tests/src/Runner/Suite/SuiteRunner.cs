using System.Diagnostics;
using LinuxVirtio.Bus;
using LinuxVirtio.Tracing;
using RestoreSuite;

namespace Runner.Suite;

/// <summary>
/// Runs scenarios one after the other against one target and collects their outcomes. A scenario never takes the
/// run down with it: a device restart or a transport failure becomes that scenario's failed outcome, and the next
/// scenario still runs.
/// </summary>
public sealed class SuiteRunner
{
    private readonly ProgressReporter _progress;

    public SuiteRunner(ProgressReporter progress)
    {
        _progress = progress;
    }

    /// <summary>The guest's regulator device tree for every scenario (from --board); null: the target's own.</summary>
    public IReadOnlyList<LinuxVirtio.Drivers.RegulatorNode>? RegulatorTree { get; init; }

    /// <summary>
    /// Runs <paramref name="scenarios"/> in order. One that needs a device kind the target lacks is skipped, not
    /// failed: a board without the test devices still runs the clock and regulator scenarios.
    /// </summary>
    public SuiteResult Run(
        ITarget target,
        IReadOnlyList<IScenario> scenarios,
        KernelOptions kernel,
        int cycles,
        DateTimeOffset started,
        CancellationToken interrupt = default)
    {
        var results = new List<ScenarioResult>();
        var skipped = new List<SkippedScenario>();
        var notRun = new List<string>();
        var total = Stopwatch.StartNew();
        int width = scenarios.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;

        for (int i = 0; i < scenarios.Count; i++)
        {
            IScenario scenario = scenarios[i];
            if (interrupt.IsCancellationRequested)
            {
                notRun.Add(scenario.Name);
                continue;
            }

            string counter = $"[{(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width)}/{scenarios.Count}]";
            if (!target.Devices.Any(d => d.Kind == scenario.DeviceKind))
            {
                string reason = $"target has no '{scenario.DeviceKind}' device";
                skipped.Add(new SkippedScenario(scenario.Name, scenario.Title, scenario.DeviceKind, reason));
                _progress.Result($"{counter} {scenario.Name}: skipped ({reason})", keep: true);
                continue;
            }

            _progress.Transient($"{counter} {scenario.Name} ...");
            ScenarioOutcome outcome = RunOne(target, scenario, kernel, cycles);
            if (outcome.Skipped)
            {
                // The scenario found out itself that the target cannot run it (e.g. no device-side config change).
                string reason = outcome.Failure ?? "the target cannot run this scenario";
                skipped.Add(new SkippedScenario(scenario.Name, scenario.Title, scenario.DeviceKind, reason));
                _progress.Result($"{counter} {scenario.Name}: skipped ({reason})", keep: true);
                continue;
            }

            results.Add(new ScenarioResult(scenario.Name, scenario.Title, scenario.DeviceKind, outcome));
            string verdict = outcome.Passed ? "PASS" : outcome.DeviceRestarted ? "DEVICE RESTARTED" : "FAIL";
            _progress.Result($"{counter} {scenario.Name}: {verdict} ({Format.Milliseconds(outcome.Duration)} ms)", keep: !outcome.Passed);
        }

        _progress.Finish();
        return new SuiteResult(target.Description, target.Devices, kernel, cycles, started, total.Elapsed, results, skipped)
        {
            Order = scenarios.Select(s => s.Name).ToArray(),
            NotRun = notRun,
        };
    }

    private ScenarioOutcome RunOne(ITarget target, IScenario scenario, KernelOptions kernel, int cycles)
    {
        var context = new ScenarioContext(target, kernel, cycles)
        {
            // Scenarios report soak cycles; a single cycle needs no running commentary. They name themselves.
            Progress = cycles > 1 ? line => _progress.Transient("    " + line) : null,
            RegulatorTree = RegulatorTree,
        };
        var clock = Stopwatch.StartNew();
        try
        {
            ScenarioOutcome outcome = scenario.Run(context);
            return outcome.Duration > TimeSpan.Zero ? outcome : CopyWithDuration(outcome, clock.Elapsed);
        }
        catch (DeviceRestartedException e)
        {
            return Failed(scenario.Name, e.Message, restarted: true, clock.Elapsed);
        }
        catch (BusException e)
        {
            return Failed(scenario.Name, $"transport failure: {e.Message}", restarted: false, clock.Elapsed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A scenario bug is still a failed verdict with a reason, never a silent pass or a crashed run.
            return Failed(scenario.Name, $"scenario error: {e.GetType().Name}: {e.Message}", restarted: false, clock.Elapsed);
        }
    }

    private static ScenarioOutcome CopyWithDuration(ScenarioOutcome o, TimeSpan duration) => new()
    {
        Scenario = o.Scenario,
        Passed = o.Passed,
        Failure = o.Failure,
        Skipped = o.Skipped,
        DeviceRestarted = o.DeviceRestarted,
        Trace = o.Trace,
        Phases = o.Phases,
        Duration = duration,
    };

    private static ScenarioOutcome Failed(string name, string reason, bool restarted, TimeSpan duration) => new()
    {
        Scenario = name,
        Passed = false,
        Failure = reason,
        DeviceRestarted = restarted,
        Trace = Array.Empty<TraceEntry>(),
        Phases = Array.Empty<PhaseTiming>(),
        Duration = duration,
    };
}
