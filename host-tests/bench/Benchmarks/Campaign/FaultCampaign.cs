using System.Diagnostics;
using System.Globalization;
using System.Net;
using Benchmarks.Restore;
using Benchmarks.Rigs;
using BridgeHost;
using BridgeHost.Emulation;
using BridgeHost.Faults;
using LinuxVirtio.Bus;

namespace Benchmarks.Campaign;

/// <summary>
/// `campaign`: the restore_noirq cycle (and, with --suite, the whole scenario suite) against the emulator through
/// the fault-injecting TCP proxy, for each fault kind at 1, 5, 10 and 20 %, plus a device restart injected in the
/// middle of a restore. Exactly-once is checked at the device: every request the client sent must have been
/// executed by the bridge server exactly once (retransmissions answered from the reply cache), and the device's
/// own counters (requests completed, notifies, resets) must match what the passed cycles asked for.
/// Usage: campaign [--workload suite|cycle] [--cycles N] [--seed S] [--timeout-ms T] [--rates 1,5,10,20]
///                 [--kinds drop,corrupt,duplicate,reorder] [--scenarios SUBSTRING]
/// </summary>
public static partial class FaultCampaign
{
    public sealed record Condition(string Kind, double Probability);

    public sealed record Row(
        Condition Condition,
        int Runs,
        int Passed,
        long RoundTrips,
        long Retransmissions,
        long Executed,
        long FromCache,
        long DoubleExecuted,
        long DeviceMismatches,
        double Seconds,
        string Faults);

    public static int Run(string[] args, TextWriter output)
    {
        int cycles = 20;
        int seed = 1;
        int timeoutMs = 50;
        double[] rates = { 0.01, 0.05, 0.10, 0.20 };
        string[] kinds = { "drop", "corrupt", "duplicate", "reorder" };
        string workload = "suite";
        string? only = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--cycles": cycles = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--timeout-ms": timeoutMs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rates": rates = args[i + 1].Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture) / 100).ToArray(); break;
                case "--kinds": kinds = args[i + 1].Split(','); break;
                case "--workload": workload = args[i + 1]; break;
                case "--scenarios": only = args[i + 1]; break;
                default:
                    output.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        var options = new BridgeClientOptions { ReplyTimeout = TimeSpan.FromMilliseconds(timeoutMs), MaxAttempts = 50 };
        if (workload == "suite")
        {
            return RunSuite(kinds, rates, seed, options, only, output);
        }

        output.WriteLine($"restore_noirq cycles per condition: {cycles}; reply timeout {timeoutMs} ms; seed {seed}");
        RunCycles(new Condition("none", 0), cycles, seed, options);
        var rows = new List<Row> { RunCycles(new Condition("none", 0), cycles, seed, options) };
        foreach (string kind in kinds)
        {
            foreach (double p in rates)
            {
                rows.Add(RunCycles(new Condition(kind, p), cycles, seed, options));
            }
        }

        PrintRows(rows, rows[0].Seconds, output);
        var restart = RunRestart(cycles, options);
        output.WriteLine();
        output.WriteLine(restart);
        bool clean = rows.All(r => r.Passed == r.Runs && r.DoubleExecuted == 0 && r.DeviceMismatches == 0) && restart.AllRecovered;
        return clean ? 0 : 1;
    }

    private static int RunSuite(string[] kinds, double[] rates, int seed, BridgeClientOptions options, string? only, TextWriter output)
    {
        Func<string, bool>? filter = only == null ? null : name => name.Contains(only, StringComparison.OrdinalIgnoreCase);
        output.WriteLine($"scenario suite per condition; reply timeout {options.ReplyTimeout.TotalMilliseconds} ms; seed {seed}");
        // A first fault-free run warms up the JIT so that the time overheads compare like with like.
        SuiteCampaign.Run(new Condition("none", 0), seed, options, filter);
        var rows = new List<SuiteCampaign.Row> { SuiteCampaign.Run(new Condition("none", 0), seed, options, filter) };
        output.WriteLine($"  fault-free: {rows[0].Passed}/{rows[0].Scenarios} in {rows[0].Seconds:0.0} s");
        foreach (string kind in kinds)
        {
            foreach (double p in rates)
            {
                var row = SuiteCampaign.Run(new Condition(kind, p), seed, options, filter);
                output.WriteLine($"  {kind} {p * 100:0}%: {row.Passed}/{row.Scenarios} in {row.Seconds:0.0} s");
                rows.Add(row);
            }
        }

        output.WriteLine();
        SuiteCampaign.Print(rows, output);
        var restart = RestartInjection.Run("S2-noirq-happy-path-2q", options);
        output.WriteLine();
        output.WriteLine("device restart mid-restore: " + restart);
        // Faults must change nothing: the same scenarios pass as without faults, nothing runs twice, and the
        // devices end with the same counters.
        bool clean = rows.All(r => r.Failed.Select(Name).SequenceEqual(rows[0].Failed.Select(Name)) && r.DoubleExecuted == 0
                && SuiteCampaign.Mismatch(r.DeviceCounters, rows[0].DeviceCounters) == 0)
            && restart.ReportedAsRestart && restart.RerunPassed && restart.ExactlyOnce;
        return clean ? 0 : 1;
    }

    private static string Name(string failure) => failure[..failure.IndexOf(':')];

    public static FaultOptions OptionsFor(Condition c, int seed) => c.Kind switch
    {
        "none" => new FaultOptions { Seed = seed },
        "drop" => new FaultOptions { Drop = c.Probability, Seed = seed },
        "corrupt" => new FaultOptions { Corrupt = c.Probability, Seed = seed },
        "duplicate" => new FaultOptions { Duplicate = c.Probability, Seed = seed },
        "reorder" => new FaultOptions { Reorder = c.Probability, Seed = seed },
        "all" => FaultOptions.Uniform(c.Probability, seed),
        _ => throw new ArgumentException($"unknown fault kind '{c.Kind}' (drop, corrupt, duplicate, reorder, all)"),
    };

    /// <summary>The restore_noirq cycle, <paramref name="cycles"/> times, through the proxy.</summary>
    public static Row RunCycles(Condition condition, int cycles, int seed, BridgeClientOptions options)
    {
        var board = new EmulatedBoard(BenchDevices.CreateSet, "campaign", "bench");
        using var server = new TcpBridgeServer(board, new IPEndPoint(IPAddress.Loopback, 0));
        using var proxy = new TcpFaultProxy("127.0.0.1", server.Port, OptionsFor(condition, seed));
        var watch = Stopwatch.StartNew();
        int passed = 0;
        long roundTrips;
        long retransmissions;
        using (var target = BridgeTarget.Open(proxy.Uri, options))
        {
            var bus = target.OpenBus(BenchDevices.TwoQueueSlot);
            var cycle = new RestoreNoirqCycle(bus, RestoreRig.CycleArea, speculate: true);
            cycle.Probe();
            for (int i = 0; i < cycles; i++)
            {
                try
                {
                    cycle.Run();
                    passed++;
                }
                catch (Exception e) when (e is BusException or InvalidOperationException)
                {
                    // Counted as a failed run; the next cycle starts with a reset anyway.
                }
            }

            roundTrips = target.Client.RoundTrips;
            retransmissions = target.Client.Retransmissions;
        }

        double seconds = watch.Elapsed.TotalSeconds;
        var bridge = board.Server;
        var device = bridge.Devices.GetTransport(BenchDevices.TwoQueueSlot);

        // One request and one QueueNotify per queue per passed cycle; a reset per cycle plus the probe's.
        long mismatches = Math.Abs(device.RequestsCompleted - (2 * passed)) + Math.Abs(device.Notifies - (2 * passed))
            + (passed == cycles ? Math.Abs(device.Resets - (cycles + 1)) : 0);
        return new Row(condition, cycles, passed, roundTrips, retransmissions, bridge.RequestsExecuted, bridge.RepliesFromCache,
            Math.Max(0, bridge.RequestsExecuted - roundTrips), mismatches, seconds, $"{proxy.ToDevice} | {proxy.ToHost}");
    }

    public static void PrintRows(IReadOnlyList<Row> rows, double baselineSeconds, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine("| fault | p | passed | round trips | retransmissions | executed at device | replies from cache | double-executed | device counter mismatches | time | overhead |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            output.WriteLine(string.Format(inv, "| {0} | {1:0}% | {2}/{3} | {4} | {5} | {6} | {7} | {8} | {9} | {10:0.00} s | {11} |",
                r.Condition.Kind, r.Condition.Probability * 100, r.Passed, r.Runs, r.RoundTrips, r.Retransmissions, r.Executed,
                r.FromCache, r.DoubleExecuted, r.DeviceMismatches, r.Seconds,
                r.Condition.Kind == "none" ? "-" : string.Format(inv, "{0:+0;-0}%", (r.Seconds / baselineSeconds - 1) * 100)));
        }

        output.WriteLine();
        foreach (var r in rows)
        {
            output.WriteLine($"  {r.Condition.Kind} {r.Condition.Probability * 100:0}%: to device {r.Faults}");
        }
    }
}
