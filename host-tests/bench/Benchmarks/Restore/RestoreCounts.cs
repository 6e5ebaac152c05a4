using System.Diagnostics;
using System.Globalization;
using Benchmarks.Rigs;

namespace Benchmarks.Restore;

/// <summary>
/// `counts`: runs the restore_noirq cycle over every transport and prints the exact traffic of one cycle: round
/// trips, packets and SLIP-framed bytes each way, what the driver asked for (register accesses, memory bytes), the
/// payload minimum, and the wire time of those bytes at 921,600 baud 8N1 (10 bits per byte). Deterministic: the
/// same numbers every run (checked: every cycle of a run must produce the same counts).
/// Usage: counts [--cycles N]
/// </summary>
public static class RestoreCounts
{
    public const int Baud = 921_600;

    public sealed record Row(
        RestoreTransport Transport,
        long RoundTrips,
        long PacketsToDevice,
        long PacketsToHost,
        long BytesToDevice,
        long BytesToHost,
        long RegisterAccesses,
        long MemoryBytes,
        long PayloadMinimum,
        long BridgeOps,
        long DeviceMemoryAccesses,
        long MaxEscapes,
        double MedianMicroseconds)
    {
        /// <summary>Packets and delimiters, both ways, plus the most SLIP escapes seen in one cycle.</summary>
        public long WireBytes => BytesToDevice + BytesToHost + MaxEscapes;

        /// <summary>Seconds the wire bytes take at 921,600 baud, 10 bits per byte (no gaps, no turnaround).</summary>
        public double WireSeconds => WireBytes * 10.0 / Baud;

        public double PayloadSeconds => PayloadMinimum * 10.0 / Baud;
    }

    public static int Run(string[] args, TextWriter output)
    {
        int cycles = 5;
        if (args.Length == 2 && args[0] == "--cycles" && int.TryParse(args[1], out int n) && n > 0)
        {
            cycles = n;
        }
        else if (args.Length != 0)
        {
            output.WriteLine("usage: counts [--cycles N]");
            return 2;
        }

        var rows = Enum.GetValues<RestoreTransport>().Select(t => Measure(t, cycles)).ToList();
        Print(rows, output);
        return 0;
    }

    /// <summary>
    /// Counts on a quiet link: a long reply timeout, so that a slow reply on a loaded machine is waited for instead of
    /// retransmitted (a retransmission would add packets that are not part of the cycle).
    /// </summary>
    public static Row Measure(RestoreTransport transport, int cycles)
    {
        using var rig = RestoreRig.Open(transport, new BridgeHost.BridgeClientOptions { ReplyTimeout = TimeSpan.FromSeconds(10) });
        Row? first = null;
        long maxEscapes = 0;
        var times = new List<double>();
        for (int i = 0; i < cycles; i++)
        {
            rig.ClearCounters();
            long roundTrips = rig.RoundTrips;
            var watch = Stopwatch.StartNew();
            rig.Cycle.Run();
            times.Add(watch.Elapsed.TotalMicroseconds);
            var link = rig.Link;
            var row = new Row(
                transport,
                rig.RoundTrips - roundTrips,
                link?.PacketsToDevice ?? 0,
                link?.PacketsToHost ?? 0,
                link?.BytesToDevice ?? 0,
                link?.BytesToHost ?? 0,
                rig.Bus.RegisterReads + rig.Bus.RegisterWrites,
                rig.Bus.MemoryBytesRead + rig.Bus.MemoryBytesWritten,
                rig.Bus.PayloadMinimumBytes,
                rig.Bus.RegisterCalls + rig.Bus.MemoryCalls,
                rig.Devices.Memory.DeviceReads + (long)rig.Devices.Memory.DeviceWrites,
                0,
                0);
            maxEscapes = Math.Max(maxEscapes, link?.EscapeBytes ?? 0);
            if (rig.Retransmissions != 0)
            {
                throw new InvalidOperationException($"{transport}: {rig.Retransmissions} retransmission(s) during the count");
            }

            if (first != null && row != first)
            {
                throw new InvalidOperationException($"{transport}: cycle {i + 1} differs from cycle 1: {row} vs {first}");
            }

            first ??= row;
        }

        times.Sort();
        return first! with { MaxEscapes = maxEscapes, MedianMicroseconds = times[times.Count / 2] };
    }

    public static void Print(IReadOnlyList<Row> rows, TextWriter output)
    {
        Row first = rows[0];
        output.WriteLine($"Per cycle, every transport: {first.RegisterAccesses} register accesses and {first.MemoryBytes} guest-memory bytes " +
            $"in {first.BridgeOps} bus calls, one bridge op each (a read-modify-write is one op), {first.DeviceMemoryAccesses} device-side guest-memory accesses (ring walk, request, used ring).");
        output.WriteLine();
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine("| transport | round trips | packets (to dev / to host) | bytes (to dev / to host / SLIP escapes, max) | wire bytes | register accesses | memory bytes | payload minimum | wire / payload | wire time @921600 | payload time @921600 | measured cycle (median) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            string wire = r.WireBytes == 0 ? "- | -" : $"{r.BytesToDevice} / {r.BytesToHost} / {r.MaxEscapes} | {r.WireBytes}";
            string ratio = r.WireBytes == 0 ? "-" : string.Format(inv, "{0:0.0}x", (double)r.WireBytes / r.PayloadMinimum);
            string wireTime = r.WireBytes == 0 ? "-" : string.Format(inv, "{0:0.00} ms", r.WireSeconds * 1000);
            output.WriteLine(string.Format(inv,
                "| {0} | {1} | {2} / {3} | {4} | {5} | {6} | {7} B | {8} | {9} | {10:0.00} ms | {11:0.0} µs |",
                r.Transport, r.RoundTrips, r.PacketsToDevice, r.PacketsToHost, wire, r.RegisterAccesses, r.MemoryBytes,
                r.PayloadMinimum, ratio, wireTime, r.PayloadSeconds * 1000, r.MedianMicroseconds));
        }
    }
}

