namespace Fuzz.Harness;

/// <summary>Checks that a region of firmware code allocated nothing on this thread.</summary>
public static class Allocation
{
    [ThreadStatic]
    private static bool _warmingUp;

    public static long Mark() => GC.GetAllocatedBytesForCurrentThread();

    /// <summary>
    /// While the returned scope is open, allocation is not checked: harnesses run their seeds once at construction
    /// so that one-time start-up work (JIT, static tables such as the CRC table) is not mistaken for per-input growth.
    /// </summary>
    public static WarmUpScope WarmUp()
    {
        _warmingUp = true;
        return default;
    }

    internal static void EndWarmUp() => _warmingUp = false;

    public static void ExpectNone(long mark, in AccessContext what)
    {
        if (_warmingUp)
        {
            return;
        }

        long grown = GC.GetAllocatedBytesForCurrentThread() - mark;
        if (grown != 0)
        {
            throw new AllocationViolation($"{what} allocated {grown} bytes");
        }
    }
}

/// <summary>Ends the warm-up started by <see cref="Allocation.WarmUp"/>.</summary>
public readonly struct WarmUpScope : IDisposable
{
    public void Dispose() => Allocation.EndWarmUp();
}

/// <summary>
/// Firmware code allocated during one input. Runners execute the input a second time before reporting it: a device
/// path that allocates does so every time, while the runtime's own one-off work on this thread (tier-up, static
/// storage) does not repeat.
/// </summary>
public sealed class AllocationViolation(string message) : Exception(message);
