using System.Text.RegularExpressions;
using LinuxVirtio.Bus;
using LinuxVirtio.Kernel;
using LinuxVirtio.Tracing;
using LinuxVirtio.Uapi;
using RestoreSuite.Checks;

namespace RestoreSuite.Cases;

/// <summary>
/// The state of one scenario run: the target, the shared trace, the device monitors, the kernels booted, and the
/// checks a scenario makes. Every check that fails throws <see cref="ScenarioFailure"/> with the access number.
/// </summary>
public sealed class ScenarioRun : IDisposable
{
    private readonly List<IDisposable> _owned = new();
    private readonly List<Regex> _allowedLog = new();
    private readonly List<Machine> _machines = new();
    private int _virtioIndex;

    public ScenarioRun(ScenarioContext context)
    {
        Context = context;
        Target = context.Target;
    }

    public ScenarioContext Context { get; }

    public ITarget Target { get; }

    public TraceRecorder Trace { get; } = new();

    public List<DeviceContractMonitor> Monitors { get; } = new();

    public IReadOnlyList<Machine> Machines => _machines;

    /// <summary>The kernel configuration from the context's options.</summary>
    public KernelConfig KernelConfig => new()
    {
        Rfc = Context.Kernel.Rfc == RfcRevision.V2 ? NoirqRfc.V2 : NoirqRfc.V9,
        HardenNotification = Context.Kernel.HardenNotification,
        MemAccCallback = Context.Kernel.MemAccCallback,
    };

    /// <summary>Boots a kernel; <paramref name="dmaFirstOffset"/> places its allocations in the window.</summary>
    public Machine Boot(string name, KernelConfig? config = null, int dmaFirstOffset = 0)
    {
        var m = new Machine(this, name, config ?? KernelConfig, dmaFirstOffset);
        _machines.Add(m);
        Trace.Mark($"boot:{name}");
        return m;
    }

    /// <summary>The first slot of the kind the scenario needs.</summary>
    public TargetDevice Slot(string kind) =>
        Target.Devices.FirstOrDefault(d => d.Kind == kind) ?? throw new ScenarioSkipped($"target has no '{kind}' device");

    /// <summary>Log lines matching <paramref name="pattern"/> are part of the scenario (e.g. "device refuses features").</summary>
    public void AllowLog(string pattern) => _allowedLog.Add(new Regex(pattern, RegexOptions.CultureInvariant));

    public void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ScenarioFailure(message);
        }
    }

    /// <summary>A function that returns an errno: 0 expected.</summary>
    public void CheckOk(int err, string what) => Check(err == 0, $"{what} failed: {Errno.Describe(err)} (after #{Trace.LastAccessSeq})");

    /// <summary>Reads Status (phase "verdict") and compares it with <paramref name="expected"/>.</summary>
    public void ExpectFinalStatus(ProbedDevice dev, uint expected, string why)
    {
        Trace.Mark("verdict");
        uint got = dev.Bus.Read(VirtioMmioRegisters.Status, 4);
        Check(got == expected,
            $"#{Trace.LastAccessSeq} R Status: expected 0x{expected:x8} ({VirtioStatus.Describe(expected)}), got 0x{got:x8} ({VirtioStatus.Describe(got)}): {why}");
    }

    /// <summary>The last W Status value of the device in the trace (what the kernel left it at).</summary>
    public uint LastStatusWritten(ProbedDevice dev)
    {
        var last = Trace.Entries.LastOrDefault(e => e.Kind == TraceKind.Write && e.Offset == VirtioMmioRegisters.Status);
        return last?.Value ?? 0;
    }

    /// <summary>
    /// The earliest problem the run recorded on its own: a monitor divergence, or a kernel log line the scenario
    /// did not allow. <paramref name="seq"/> is the trace position it refers to.
    /// </summary>
    public string? FirstProblem(out long seq)
    {
        string? best = null;
        seq = long.MaxValue;
        foreach (var m in Monitors)
        {
            if (m.FirstDivergence != null && m.FirstDivergenceSeq < seq)
            {
                (best, seq) = (m.FirstDivergence, m.FirstDivergenceSeq);
            }
        }

        foreach (var m in _machines)
        {
            foreach (var entry in m.Kernel.Log.Problems)
            {
                if (entry.AfterSeq < seq && !_allowedLog.Any(r => r.IsMatch(entry.Message)))
                {
                    (best, seq) = ($"kernel log {entry}", entry.AfterSeq);
                }
            }
        }

        return best;
    }

    public string? FirstProblem() => FirstProblem(out _);

    public int NextVirtioIndex() => _virtioIndex++;

    internal void Own(IDisposable d) => _owned.Add(d);

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            try
            {
                d.Dispose();
            }
            catch (BusException)
            {
                // The link is gone already; the verdict has been taken.
            }
        }
    }
}
