using System.Runtime.InteropServices;

namespace Fuzz.Harness;

/// <summary>
/// Edge coverage from a SharpFuzz-instrumented VirtioMmio.dll, read in process: SharpFuzz's instrumentation bumps
/// AFL-style edge counters in <c>SharpFuzz.Common.Trace.SharedMem</c>; we point it at our own 64 KiB map, clear it
/// before each input and fold it into the set of edges seen. Without instrumentation the map stays empty and the
/// runner falls back to behaviour signatures alone. The instrumentation writes through that pointer unchecked, so
/// Program enables the map in every mode before any firmware code runs; under libFuzzer, SharpFuzz then re-points
/// it at the driver's shared memory.
/// </summary>
public static unsafe class Coverage
{
    public const int MapSize = 1 << 16;

    private static byte* _map;

    public static bool Enabled => _map != null;

    public static void Enable()
    {
        if (_map == null)
        {
            _map = (byte*)NativeMemory.AllocZeroed(MapSize);
            SharpFuzz.Common.Trace.SharedMem = _map;
        }
    }

    public static void Clear()
    {
        if (_map != null)
        {
            NativeMemory.Clear(_map, MapSize);
        }
    }

    /// <summary>Adds the edges of the last input to <paramref name="seen"/>; returns how many were new.</summary>
    public static int Merge(bool[] seen)
    {
        if (_map == null)
        {
            return 0;
        }

        int added = 0;
        ulong* words = (ulong*)_map;
        for (int w = 0; w < MapSize / 8; w++)
        {
            if (words[w] == 0)
            {
                continue;
            }

            for (int b = 0; b < 8; b++)
            {
                int i = (w * 8) + b;
                if (_map[i] != 0 && !seen[i])
                {
                    seen[i] = true;
                    added++;
                }
            }
        }

        return added;
    }

    /// <summary>Instruments an assembly in place with SharpFuzz (only types of the firmware library).</summary>
    public static void Instrument(string assemblyPath)
    {
        SharpFuzz.Fuzzer.Instrument(assemblyPath, type => type.StartsWith("VirtioMmio.", StringComparison.Ordinal), SharpFuzz.Options.Value);
    }
}
