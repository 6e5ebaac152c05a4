using System.Diagnostics;

namespace Fuzz.Harness;

/// <summary>
/// A deterministic, coverage-less mutation fuzzer: starts from the target's seeds, mutates a corpus entry (stacked
/// byte, word, block and splice mutations), runs it, and keeps inputs that produce a behaviour signature not seen
/// before. The same seed and run count give the same inputs on every machine, so a smoke run in the test command is
/// reproducible and a crash can be replayed from its seed and index alone.
/// </summary>
public sealed class MutationRunner
{
    public sealed record Options
    {
        public int Seed { get; init; } = 1;

        /// <summary>Executions after the seeds (0 = until <see cref="MaxTime"/>).</summary>
        public long MaxRuns { get; init; } = 10_000;

        public TimeSpan? MaxTime { get; init; }

        public int MaxInputLength { get; init; } = 8 * 1024;

        public int MaxCorpus { get; init; } = 2048;

        /// <summary>Stop after this many distinct crashes.</summary>
        public int MaxCrashes { get; init; } = 10;

        /// <summary>Also keep inputs that reach new edges of an instrumented VirtioMmio.dll (see <see cref="Coverage"/>).</summary>
        public bool UseCoverage { get; init; }
    }

    public sealed record Crash(long Execution, byte[] Input, string Message);

    public sealed record Report(string Target, long Executions, TimeSpan Elapsed, int CorpusSize, int Signatures, IReadOnlyList<Crash> Crashes)
    {
        /// <summary>Inputs whose allocation did not repeat on a second run (runtime tier-up and the like).</summary>
        public long OneOffAllocations { get; init; }

        /// <summary>Edges of the instrumented firmware library reached (0 without instrumentation).</summary>
        public int Edges { get; init; }

        public double ExecutionsPerSecond => Executions / Math.Max(Elapsed.TotalSeconds, 1e-9);

        public override string ToString() =>
            $"{Target}: {Executions} executions in {Elapsed.TotalSeconds:0.0} s ({ExecutionsPerSecond:0}/s), corpus {CorpusSize}, " +
            $"{Signatures} distinct behaviours, {(Edges > 0 ? $"{Edges} edges, " : "")}{Crashes.Count} crash(es), {OneOffAllocations} one-off runtime allocation(s)";
    }

    private static readonly uint[] Interesting =
    {
        0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 32, 64, 0x7f, 0x80, 0xff, 0x100, 0x3ff, 0x400, 0x7fff, 0x8000, 0xffff,
        0x10000, 0x4000_0000, 0x4000_0800, 0x7fff_ffff, 0x8000_0000, 0xffff_fff0, 0xffff_ffff, 0xC0, 0xDB,
    };

    public static Report Run(IFuzzTarget target, Options options)
    {
        var random = new Random(options.Seed);
        var corpus = new List<byte[]>();
        var seen = new HashSet<ulong>();
        var crashes = new List<Crash>();
        var crashKeys = new HashSet<string>();
        var watch = Stopwatch.StartNew();
        long executions = 0;
        long runtimeNoise = 0;
        var edges = new bool[Coverage.MapSize];
        int edgeCount = 0;
        if (options.UseCoverage)
        {
            Coverage.Enable();
        }

        bool Execute(byte[] input)
        {
            executions++;
            try
            {
                if (options.UseCoverage)
                {
                    Coverage.Clear();
                }

                ulong signature = target.Execute(input);
                int newEdges = options.UseCoverage ? Coverage.Merge(edges) : 0;
                edgeCount += newEdges;
                return seen.Add(signature) | newEdges > 0;
            }
            catch (AllocationViolation) when (Repeatable(target, input))
            {
                runtimeNoise++;
                return false;
            }
            catch (Exception e)
            {
                string key = e.GetType().Name + ": " + FirstLine(e.Message);
                if (crashKeys.Add(key))
                {
                    crashes.Add(new Crash(executions, input, e.GetType().Name + ": " + e.Message + Environment.NewLine + e.StackTrace));
                }

                return false;
            }
        }

        foreach (byte[] seed in target.Seeds())
        {
            Execute(seed);
            corpus.Add(seed);
        }

        if (corpus.Count == 0)
        {
            corpus.Add(new byte[16]);
        }

        while (crashes.Count < options.MaxCrashes)
        {
            if (options.MaxRuns > 0 && executions >= options.MaxRuns)
            {
                break;
            }

            if (options.MaxTime is TimeSpan limit && watch.Elapsed >= limit)
            {
                break;
            }

            byte[] parent = corpus[random.Next(corpus.Count)];
            byte[] child = Mutate(parent, corpus, random, options.MaxInputLength);
            if (Execute(child))
            {
                if (corpus.Count < options.MaxCorpus)
                {
                    corpus.Add(child);
                }
                else
                {
                    corpus[random.Next(corpus.Count)] = child;
                }
            }
        }

        return new Report(target.Name, executions, watch.Elapsed, corpus.Count, seen.Count, crashes) { OneOffAllocations = runtimeNoise, Edges = edgeCount };
    }

    /// <summary>True if the input runs cleanly a second time (so the first allocation was one-off runtime work).</summary>
    public static bool Repeatable(IFuzzTarget target, byte[] input)
    {
        try
        {
            target.Execute(input);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public static byte[] Mutate(byte[] parent, IReadOnlyList<byte[]> corpus, Random random, int maxLength)
    {
        var data = new List<byte>(parent);
        int stack = 1 + random.Next(4);
        for (int s = 0; s < stack; s++)
        {
            int n = data.Count;
            switch (random.Next(11))
            {
                case 0 when n > 0:
                    data[random.Next(n)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when n > 0:
                    data[random.Next(n)] = (byte)random.Next(256);
                    break;
                case 2 when n > 0:
                    data[random.Next(n)] = (byte)Interesting[random.Next(Interesting.Length)];
                    break;
                case 3 when n >= 2:
                    WriteLe(data, random.Next(n - 1), Interesting[random.Next(Interesting.Length)], 2);
                    break;
                case 4 when n >= 4:
                    WriteLe(data, random.Next(n - 3), random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (uint)random.Next(), 4);
                    break;
                case 5 when n > 0:
                {
                    int at = random.Next(n);
                    data[at] = (byte)(data[at] + random.Next(-4, 5));
                    break;
                }

                case 6:
                {
                    int at = random.Next(n + 1);
                    int count = 1 + random.Next(8);
                    for (int i = 0; i < count; i++)
                    {
                        data.Insert(at, (byte)random.Next(256));
                    }

                    break;
                }

                case 7 when n > 1:
                {
                    int at = random.Next(n);
                    data.RemoveRange(at, Math.Min(n - at, 1 + random.Next(16)));
                    break;
                }

                case 8 when n > 1:
                {
                    // Duplicate a block (repeats records, frames, descriptors).
                    int from = random.Next(n);
                    int count = Math.Min(n - from, 1 + random.Next(32));
                    data.InsertRange(random.Next(n + 1), data.GetRange(from, count));
                    break;
                }

                case 9 when n >= 16:
                {
                    // Copy an 8-byte aligned block over another (records and descriptor fields line up).
                    int from = random.Next(n / 8) * 8;
                    int to = random.Next(n / 8) * 8;
                    for (int i = 0; i < 8 && from + i < n && to + i < n; i++)
                    {
                        data[to + i] = data[from + i];
                    }

                    break;
                }

                default:
                {
                    // Splice: our head, another corpus entry's tail.
                    byte[] other = corpus[random.Next(corpus.Count)];
                    int cut = random.Next(n + 1);
                    int otherCut = random.Next(other.Length + 1);
                    data.RemoveRange(cut, n - cut);
                    data.AddRange(other.AsSpan(otherCut).ToArray());
                    break;
                }
            }
        }

        if (data.Count > maxLength)
        {
            data.RemoveRange(maxLength, data.Count - maxLength);
        }

        return data.ToArray();
    }

    private static void WriteLe(List<byte> data, int at, uint value, int bytes)
    {
        for (int i = 0; i < bytes; i++)
        {
            data[at + i] = (byte)(value >> (8 * i));
        }
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOf('\n');
        return end < 0 ? text : text[..end];
    }
}
