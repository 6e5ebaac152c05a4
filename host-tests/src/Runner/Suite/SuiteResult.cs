using RestoreSuite;

namespace Runner.Suite;

/// <summary>One scenario that ran, with its verdict.</summary>
public sealed record ScenarioResult(string Name, string Title, string DeviceKind, ScenarioOutcome Outcome)
{
    public bool Passed => Outcome.Passed;
}

/// <summary>A scenario that did not run because the target offers no device of the kind it needs.</summary>
public sealed record SkippedScenario(string Name, string Title, string DeviceKind, string Reason);

/// <summary>The result of one suite run: what every report writer renders.</summary>
public sealed record SuiteResult(
    string TargetDescription,
    IReadOnlyList<TargetDevice> Devices,
    KernelOptions Kernel,
    int Cycles,
    DateTimeOffset Started,
    TimeSpan Duration,
    IReadOnlyList<ScenarioResult> Results,
    IReadOnlyList<SkippedScenario> Skipped)
{
    /// <summary>Scenario names in run order (ran and skipped interleaved), so reports list them as the suite does.</summary>
    public IReadOnlyList<string> Order { get; init; } = [];

    /// <summary>Scenarios that never started because the run was interrupted (Ctrl-C).</summary>
    public IReadOnlyList<string> NotRun { get; init; } = [];

    /// <summary>Sort key for report rows: run position, or last if unknown.</summary>
    public int PositionOf(string scenario)
    {
        for (int i = 0; i < Order.Count; i++)
        {
            if (Order[i] == scenario)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    public int PassedCount => Results.Count(r => r.Passed);

    public int FailedCount => Results.Count(r => !r.Passed);

    public bool AllPassed => Results.Count > 0 && FailedCount == 0 && NotRun.Count == 0;

    /// <summary>The exact closing line of every run.</summary>
    public string ClosingLine => $"{PassedCount} passed, {FailedCount} failed";
}
