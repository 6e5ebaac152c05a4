using System.Globalization;
using System.Text;
using LinuxVirtio.Tracing;
using Runner.Suite;

namespace Runner.Reports;

/// <summary>
/// Writes a Value Change Dump (IEEE 1364 §18) for GTKWave: per scenario a scope with <c>status</c> (8-bit),
/// <c>irq</c> and <c>queueN_ready</c>, derived by <see cref="TraceSignals"/>.
/// Time axis: one VCD time unit is one trace sequence number; scenarios follow each other on one axis, each starting
/// <see cref="Gap"/> units after the previous one ended. Phase starts are marked with <c>$comment</c> lines.
/// </summary>
public sealed class VcdWriter
{
    /// <summary>Idle time units between two scenarios, so their activity is visibly apart.</summary>
    public const int Gap = 10;

    public void Write(SuiteResult suite, TextWriter output)
    {
        var ids = new IdentifierCodes();
        var scopes = new List<Scope>();
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        long start = 0;
        foreach (ScenarioResult result in suite.Results)
        {
            IReadOnlyList<TraceEntry> trace = result.Outcome.Trace;
            int queues = suite.Devices.FirstOrDefault(d => d.Kind == result.DeviceKind)?.QueueCount ?? 0;
            var scope = new Scope(result, UniqueName(ScopeName(result.Name), usedNames), TraceSignals.Derive(trace, queues), start, ids);
            scopes.Add(scope);
            start = scope.End + Gap;
        }

        WriteHeader(suite, scopes, output);
        WriteChanges(scopes, output);
    }

    private static void WriteHeader(SuiteResult suite, List<Scope> scopes, TextWriter o)
    {
        o.Write("$date\n  ");
        o.Write(suite.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        o.Write("\n$end\n$version\n  virtio-noirq-suite\n$end\n$comment\n  target: ");
        o.Write(OneLine(suite.TargetDescription));
        o.Write("\n  time unit = one trace sequence number (one register access or event), not wall time\n$end\n");
        o.Write("$timescale 1ns $end\n");
        o.Write("$scope module suite $end\n");
        foreach (Scope s in scopes)
        {
            o.Write($"$scope module {s.Name} $end\n");
            o.Write($"$var wire 8 {s.StatusId} status [7:0] $end\n");
            o.Write($"$var wire 1 {s.IrqId} irq $end\n");
            for (int q = 0; q < s.QueueIds.Length; q++)
            {
                o.Write($"$var wire 1 {s.QueueIds[q]} queue{q}_ready $end\n");
            }

            o.Write("$upscope $end\n");
        }

        o.Write("$upscope $end\n$enddefinitions $end\n");
    }

    private static void WriteChanges(List<Scope> scopes, TextWriter o)
    {
        // Initial values: nothing is known about Status or QueueReady until the trace says so.
        o.Write("#0\n$dumpvars\n");
        foreach (Scope s in scopes)
        {
            o.Write($"bxxxxxxxx {s.StatusId}\n0{s.IrqId}\n");
            foreach (string id in s.QueueIds)
            {
                o.Write($"x{id}\n");
            }
        }

        o.Write("$end\n");

        long now = 0;
        foreach (Scope s in scopes)
        {
            foreach ((long time, string text) in s.Events())
            {
                if (time != now)
                {
                    o.Write($"#{time.ToString(CultureInfo.InvariantCulture)}\n");
                    now = time;
                }

                o.Write(text);
                o.Write('\n');
            }
        }

        // A closing time stamp, so the last scenario's final values are visible in the viewer.
        long end = scopes.Count == 0 ? 1 : scopes[^1].End + 1;
        if (end > now)
        {
            o.Write($"#{end.ToString(CultureInfo.InvariantCulture)}\n");
        }
    }

    /// <summary>VCD identifiers cannot contain white space; keep letters, digits and '_' only.</summary>
    internal static string ScopeName(string scenario)
    {
        var sb = new StringBuilder(scenario.Length);
        foreach (char c in scenario)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return sb.Length == 0 ? "scenario" : sb.ToString();
    }

    private static string UniqueName(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{name}_{n}";
        }

        return candidate;
    }

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ').Replace("$end", "(end)");

    /// <summary>One scenario on the shared time axis.</summary>
    private sealed class Scope
    {
        private readonly ScenarioResult _result;
        private readonly TraceSignals _signals;
        private readonly long[] _time;

        public Scope(ScenarioResult result, string name, TraceSignals signals, long start, IdentifierCodes ids)
        {
            _result = result;
            _signals = signals;
            Name = name;
            StatusId = ids.Next();
            IrqId = ids.Next();
            QueueIds = signals.QueueReady.Select(_ => ids.Next()).ToArray();

            // Time of each entry = start + (seq - first seq), kept strictly increasing even if seq is not.
            IReadOnlyList<TraceEntry> trace = result.Outcome.Trace;
            _time = new long[trace.Count];
            long previous = start - 1;
            for (int i = 0; i < trace.Count; i++)
            {
                long t = start + (trace[i].Seq - trace[0].Seq);
                _time[i] = t > previous ? t : previous + 1;
                previous = _time[i];
            }

            End = trace.Count == 0 ? start : _time[^1];
        }

        public string Name { get; }

        public string StatusId { get; }

        public string IrqId { get; }

        public string[] QueueIds { get; }

        public long End { get; }

        /// <summary>Value changes and phase comments of this scenario, in time order.</summary>
        public IEnumerable<(long Time, string Text)> Events()
        {
            IReadOnlyList<TraceEntry> trace = _result.Outcome.Trace;
            var changes = new List<(long Time, int Order, string Text)>();
            for (int i = 0; i < trace.Count; i++)
            {
                if (trace[i].Kind == TraceKind.Phase)
                {
                    changes.Add((_time[i], 0, $"$comment {OneLine(_result.Name)}: phase {OneLine(trace[i].Phase)} $end"));
                }
            }

            foreach (SignalChange c in _signals.Status)
            {
                string bits = c.Value is uint v ? Convert.ToString((byte)v, 2).PadLeft(8, '0') : "xxxxxxxx";
                changes.Add((_time[c.Index], 1, $"b{bits} {StatusId}"));
            }

            foreach (SignalChange c in _signals.InterruptLine)
            {
                changes.Add((_time[c.Index], 1, $"{Bit(c.Value)}{IrqId}"));
            }

            for (int q = 0; q < QueueIds.Length; q++)
            {
                foreach (SignalChange c in _signals.QueueReady[q])
                {
                    changes.Add((_time[c.Index], 1, $"{Bit(c.Value)}{QueueIds[q]}"));
                }
            }

            return changes.OrderBy(c => c.Time).ThenBy(c => c.Order).Select(c => (c.Time, c.Text));
        }

        private static char Bit(uint? value) => value switch { null => 'x', 0 => '0', _ => '1' };
    }

    /// <summary>Short VCD identifier codes: printable ASCII '!'..'~', base 94.</summary>
    private sealed class IdentifierCodes
    {
        private int _next;

        public string Next()
        {
            int n = _next++;
            var sb = new StringBuilder();
            do
            {
                sb.Append((char)('!' + (n % 94)));
                n /= 94;
            }
            while (n > 0);
            return sb.ToString();
        }
    }
}
