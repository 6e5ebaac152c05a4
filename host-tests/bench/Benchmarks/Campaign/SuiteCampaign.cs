using System.Diagnostics;
using System.Globalization;
using System.Net;
using Benchmarks.Rigs;
using BridgeHost;
using BridgeHost.Emulation;
using BridgeHost.Faults;
using LinuxVirtio.Bus;
using RestoreSuite;
using VirtioMmio.App;

namespace Benchmarks.Campaign;

/// <summary>
/// The whole scenario suite (RestoreSuite.Scenarios.All) against a fresh emulated board through the fault proxy.
/// Exactly-once is counted at the device two ways: the bridge server executed each request the client sent exactly
/// once (the rest were answered from its reply cache), and after the run every slot's own counters (requests
/// completed, notifies, resets, output transitions) equal those of the fault-free run: faults may cost time,
/// never an extra or a missing side effect.
/// </summary>
public static class SuiteCampaign
{
    public sealed record Row(
        FaultCampaign.Condition Condition,
        int Scenarios,
        int Passed,
        IReadOnlyList<string> Failed,
        long RoundTrips,
        long Retransmissions,
        long Executed,
        long FromCache,
        long DoubleExecuted,
        long[] DeviceCounters,
        double Seconds,
        string Faults);

    public static Row Run(FaultCampaign.Condition condition, int seed, BridgeClientOptions options, Func<string, bool>? filter = null)
    {
        var board = new EmulatedBoard(SuiteDevices.CreateSet, "campaign", "bench");
        using var server = new TcpBridgeServer(board, new IPEndPoint(IPAddress.Loopback, 0));
        using var proxy = new TcpFaultProxy("127.0.0.1", server.Port, FaultCampaign.OptionsFor(condition, seed));
        var scenarios = Scenarios.All.Where(s => filter?.Invoke(s.Name) ?? true).ToList();
        var failed = new List<string>();
        var tree = GuestTree(board);
        var watch = Stopwatch.StartNew();
        long roundTrips;
        long retransmissions;
        using (var target = BridgeTarget.Open(proxy.Uri, options))
        {
            foreach (var scenario in scenarios)
            {
                ScenarioOutcome outcome = scenario.Run(new ScenarioContext(target, new KernelOptions()) { RegulatorTree = tree });
                if (!outcome.Passed)
                {
                    failed.Add($"{scenario.Name}: {outcome.Failure}");
                }
            }

            roundTrips = target.Client.RoundTrips;
            retransmissions = target.Client.Retransmissions;
        }

        double seconds = watch.Elapsed.TotalSeconds;
        BridgeServer_Counters(board, out long executed, out long fromCache);
        return new Row(condition, scenarios.Count, scenarios.Count - failed.Count, failed, roundTrips, retransmissions, executed,
            fromCache, Math.Max(0, executed - roundTrips), Counters(board.Server.Devices), seconds, $"{proxy.ToDevice} | {proxy.ToHost}");
    }

    /// <summary>
    /// The guest's regulator device tree for the board being served, derived from its own descriptors (what a BSP
    /// engineer passes with a board file): the suite then judges the transport, not a tree/board mismatch.
    /// </summary>
    public static IReadOnlyList<LinuxVirtio.Drivers.RegulatorNode>? GuestTree(EmulatedBoard board) =>
        board.WithDevices(set => new InProcessTarget(set).RegulatorTree);

    /// <summary>Every slot's requests completed, notifies, resets and output transitions, in slot order.</summary>
    public static long[] Counters(DeviceSet devices)
    {
        var values = new List<long>();
        for (int slot = 0; slot < devices.SlotCount; slot++)
        {
            var t = devices.GetTransport(slot);
            values.AddRange(new long[] { t.RequestsCompleted, t.Notifies, t.Resets, devices.GetOutputTransitions(slot) });
        }

        return values.ToArray();
    }

    public static long Mismatch(long[] a, long[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Sum();

    public static void Print(IReadOnlyList<Row> rows, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        Row baseline = rows[0];
        output.WriteLine("| fault | p | scenarios passed | round trips | retransmissions | executed at device | replies from cache | double-executed | device counters differing from fault-free run | time | overhead |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            output.WriteLine(string.Format(inv, "| {0} | {1:0}% | {2}/{3} | {4} | {5} | {6} | {7} | {8} | {9} | {10:0.0} s | {11} |",
                r.Condition.Kind, r.Condition.Probability * 100, r.Passed, r.Scenarios, r.RoundTrips, r.Retransmissions, r.Executed,
                r.FromCache, r.DoubleExecuted, Mismatch(r.DeviceCounters, baseline.DeviceCounters), r.Seconds,
                r == baseline ? "-" : Overhead.Percent((r.Seconds / baseline.Seconds - 1) * 100)));
        }

        output.WriteLine();
        foreach (var r in rows)
        {
            output.WriteLine($"  {r.Condition.Kind} {r.Condition.Probability * 100:0}%: {r.Faults}");
            foreach (string f in r.Failed)
            {
                output.WriteLine($"    FAILED {f}");
            }
        }
    }

    private static void BridgeServer_Counters(EmulatedBoard board, out long executed, out long fromCache)
    {
        executed = board.Server.RequestsExecuted;
        fromCache = board.Server.RepliesFromCache;
    }
}
