using LinuxVirtio.Bus;
using LinuxVirtio.Tracing;
using RestoreSuite;
using Runner;
using Runner.Cli;

namespace Bridge.Tests.Runner;

/// <summary>Builds traces the way the driver model records them: consecutive seq numbers, a current phase and context.</summary>
internal sealed class TraceBuilder
{
    private readonly List<TraceEntry> _entries = new();
    private string _phase = "probe";
    private ExecContext _context = ExecContext.Process;
    private long _seq;

    public TraceBuilder(long firstSeq = 1) => _seq = firstSeq;

    public IReadOnlyList<TraceEntry> Entries => _entries;

    public long LastSeq => _seq - 1;

    public TraceBuilder Phase(string phase, ExecContext context = ExecContext.Process)
    {
        _phase = phase;
        _context = context;
        return Add(TraceKind.Phase, 0, 0, 0);
    }

    public TraceBuilder R(int offset, uint value, int width = 4) => Add(TraceKind.Read, offset, width, value);

    public TraceBuilder W(int offset, uint value, int width = 4) => Add(TraceKind.Write, offset, width, value);

    public TraceBuilder Irq(bool level) => Add(TraceKind.IrqLine, 0, 0, level ? 1u : 0u);

    public TraceBuilder Note(string text) => Add(TraceKind.Note, 0, 0, 0, text);

    /// <summary>A modern-device noirq bring-up of one or more queues (virtio-noirq-restore.md §3.4 rows 1-9).</summary>
    public TraceBuilder NoirqRestore(int queues = 1)
    {
        W(0x070, 0).R(0x070, 0).W(0x070, 1).R(0x070, 1).W(0x070, 3);
        W(0x024, 1).W(0x020, 1).W(0x024, 0).W(0x020, 0);
        R(0x070, 3).W(0x070, 0x0b).R(0x070, 0x0b);
        for (int q = 0; q < queues; q++)
        {
            W(0x030, (uint)q).W(0x038, 8).W(0x080, 0x1000).W(0x084, 0).W(0x090, 0x2000).W(0x094, 0).W(0x0a0, 0x3000).W(0x0a4, 0).W(0x044, 1);
        }

        return R(0x070, 0x0b).W(0x070, 0x0f);
    }

    private TraceBuilder Add(TraceKind kind, int offset, int width, uint value, string? note = null)
    {
        _entries.Add(new TraceEntry(_seq, TimeSpan.FromMicroseconds(_seq * 3), kind, offset, width, value, _context, _phase, note));
        _seq++;
        return this;
    }
}

/// <summary>A scenario with a scripted outcome; counts its runs and remembers the context it got.</summary>
internal sealed class FakeScenario : IScenario
{
    private readonly Func<ScenarioContext, ScenarioOutcome> _run;

    public FakeScenario(string name, string kind, Func<ScenarioContext, ScenarioOutcome> run, string? title = null)
    {
        Name = name;
        DeviceKind = kind;
        Title = title ?? $"fake scenario {name}";
        _run = run;
    }

    public string Name { get; }

    public string Title { get; }

    public string DeviceKind { get; }

    public int Runs { get; private set; }

    public ScenarioContext? LastContext { get; private set; }

    public ScenarioOutcome Run(ScenarioContext context)
    {
        Runs++;
        LastContext = context;
        return _run(context);
    }

    public static FakeScenario Passing(string name, string kind = DeviceKinds.Test1Q, int queues = 1) =>
        new(name, kind, _ => Outcomes.Pass(name, Traces.Restore(queues)));

    public static FakeScenario Failing(string name, string failure, string kind = DeviceKinds.Test1Q) =>
        new(name, kind, _ => Outcomes.Fail(name, failure, Traces.Restore(1)));

    public static FakeScenario Throwing(string name, Exception e, string kind = DeviceKinds.Test1Q) =>
        new(name, kind, _ => throw e);
}

internal static class Traces
{
    /// <summary>probe, freeze, freeze_noirq, restore_noirq, restore: the usual noirq cycle.</summary>
    public static IReadOnlyList<TraceEntry> Restore(int queues) => new TraceBuilder()
        .Phase("probe").NoirqRestore(queues).Irq(true).R(0x060, 1).W(0x064, 1).Irq(false)
        .Phase("freeze").R(0x070, 0x0f)
        .Phase("freeze_noirq", ExecContext.Noirq)
        .Phase("restore_noirq", ExecContext.Noirq).NoirqRestore(queues)
        .Phase("restore").R(0x070, 0x0f)
        .Entries;
}

internal static class Outcomes
{
    public static readonly PhaseTiming[] Phases =
    [
        new("probe", TimeSpan.FromMilliseconds(1.5)),
        new("freeze", TimeSpan.FromMilliseconds(0.25)),
        new("freeze_noirq", TimeSpan.FromMilliseconds(0.125)),
        new("restore_noirq", TimeSpan.FromMilliseconds(2)),
        new("restore", TimeSpan.FromMilliseconds(0.5)),
    ];

    public static ScenarioOutcome Pass(string name, IReadOnlyList<TraceEntry> trace) => new()
    {
        Scenario = name,
        Passed = true,
        Trace = trace,
        Phases = Phases,
        Duration = TimeSpan.FromMilliseconds(4.375),
    };

    public static ScenarioOutcome Fail(string name, string failure, IReadOnlyList<TraceEntry> trace, bool restarted = false) => new()
    {
        Scenario = name,
        Passed = false,
        Failure = failure,
        DeviceRestarted = restarted,
        Trace = trace,
        Phases = Phases,
        Duration = TimeSpan.FromMilliseconds(3),
    };
}

/// <summary>A target that offers device slots but no bus: fake scenarios never open one.</summary>
internal sealed class FakeTarget : ITarget
{
    public FakeTarget(params string[] kinds)
    {
        Devices = kinds.Select((k, i) => new TargetDevice(i, k, 0xC000u + (uint)i, 2, k == DeviceKinds.Test2Q ? 2 : 1)).ToArray();
    }

    public string Description => "fake target";

    public IReadOnlyList<TargetDevice> Devices { get; }

    public bool Disposed { get; private set; }

    public IVirtioMmioBus OpenBus(int slot) => throw new NotSupportedException("fake target has no bus");

    public DeviceCounters ReadCounters(int slot) => new(0, 0, 0, 0);

    public void Dispose() => Disposed = true;
}

/// <summary>Runs the CLI in process with captured writers.</summary>
internal sealed class CliRun
{
    private CliRun(int exitCode, string output, string error, List<TargetSpec> opened)
    {
        ExitCode = exitCode;
        Output = output;
        Error = error;
        Opened = opened;
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    public IReadOnlyList<TargetSpec> Opened { get; }

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public string LastLine => OutputLines.Length == 0 ? string.Empty : OutputLines[^1];

    public static CliRun Invoke(IReadOnlyList<IScenario> scenarios, params string[] args) =>
        Invoke(scenarios, _ => new FakeTarget(DeviceKinds.Test1Q, DeviceKinds.Test2Q, DeviceKinds.Clock), args);

    public static CliRun Invoke(IReadOnlyList<IScenario> scenarios, Func<TargetSpec, ITarget> open, params string[] args)
    {
        var opened = new List<TargetSpec>();
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var environment = new RunnerEnvironment(scenarios, spec =>
        {
            opened.Add(spec);
            return open(spec);
        });
        int code = Program.Run(args, output, error, environment);
        return new CliRun(code, output.ToString(), error.ToString(), opened);
    }
}

/// <summary>A temporary directory removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "runner-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
