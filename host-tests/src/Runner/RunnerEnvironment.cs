using RestoreSuite;
using Runner.Cli;

namespace Runner;

/// <summary>
/// What the runner runs and how it opens a target. Program.Main uses the real suite and targets; tests pass fakes,
/// so the whole CLI can be exercised in process.
/// </summary>
public sealed class RunnerEnvironment
{
    public RunnerEnvironment(IReadOnlyList<IScenario> scenarios, Func<TargetSpec, ITarget> openTarget)
    {
        Scenarios = scenarios;
        OpenTarget = openTarget;
    }

    /// <summary>The whole suite, in run order.</summary>
    public IReadOnlyList<IScenario> Scenarios { get; }

    /// <summary>
    /// Opens a target. Throws when it cannot be reached (reported with exit code 3);
    /// throws <see cref="ArgumentException"/> when the target description itself is invalid (exit code 2).
    /// </summary>
    public Func<TargetSpec, ITarget> OpenTarget { get; }

    /// <summary>
    /// Signalled to stop the run early (Ctrl-C): the scenario in progress finishes, the rest do not start, and the
    /// table and reports still cover what ran.
    /// </summary>
    public CancellationToken Interrupt { get; init; }

    /// <summary>Progress as one line rewritten in place (stderr is a terminal) instead of a line per step.</summary>
    public bool LiveProgress { get; init; }

    /// <summary>Width of that terminal.</summary>
    public int TerminalWidth { get; init; } = 100;

    /// <summary>Wall clock for report time stamps.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
