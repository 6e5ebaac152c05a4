using RestoreSuite;

namespace Runner.Cli;

/// <summary>Everything the command line asked for, validated.</summary>
public sealed record RunnerOptions
{
    public TargetSpec Target { get; init; } = TargetSpec.InProcess;

    /// <summary>Scenario names to run, in suite order; empty means all.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    public bool List { get; init; }

    public int Cycles { get; init; } = 1;

    public KernelOptions Kernel { get; init; } = new();

    public string? TraceFile { get; init; }

    public string? JUnitFile { get; init; }

    public string? ReportFile { get; init; }

    public string? VcdFile { get; init; }

    /// <summary>The guest's regulator device tree, from <c>--board</c>; null lets the target describe itself.</summary>
    public IReadOnlyList<LinuxVirtio.Drivers.RegulatorNode>? RegulatorTree { get; init; }
}
