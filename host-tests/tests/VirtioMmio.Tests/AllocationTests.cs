using VirtioMmio.Tests.Support;

namespace VirtioMmio.Tests;

/// <summary>noirq safety: no allocation after construction on any register, queue, request or notify path.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void LongRandomAccessSequenceAllocatesZeroBytes(int version)
    {
        var workload = new RandomWorkload(version);

        // Warm-up pass: JIT, static constructors, first-call stubs. Same seed, so the measured pass takes the same paths.
        Run(workload, new Random(1234), 20_000);
        long completedBefore = workload.Transport.RequestsCompleted;

        var random = new Random(1234);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(workload, random, 20_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0L, allocated);
        // The sequence really exercised the request path, resets and config changes.
        Assert.True(workload.Transport.RequestsCompleted - completedBefore > 1000, $"only {workload.Transport.RequestsCompleted - completedBefore} requests");
        Assert.True(workload.Transport.Resets > 100);
        Assert.True(workload.Transport.ConfigGeneration > 100);
    }

    private static void Run(RandomWorkload workload, Random random, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            // Bias towards bring-ups and requests so most steps reach the queue code.
            int roll = random.Next(100);
            uint kind = roll < 5 ? 2u : roll < 55 ? 3u : (uint)random.Next(12);
            workload.Apply(kind, (uint)random.Next(), (uint)random.Next());
        }
    }
}
