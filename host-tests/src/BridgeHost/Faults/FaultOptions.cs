namespace BridgeHost.Faults;

/// <summary>
/// Per-frame fault probabilities (0..1, each decided independently) and a seed, so a failing run can be replayed.
/// </summary>
public sealed record FaultOptions
{
    public double Drop { get; init; }

    /// <summary>Flip one random bit of one random byte of the frame (SLIP delimiters included).</summary>
    public double Corrupt { get; init; }

    public double Duplicate { get; init; }

    /// <summary>Hold the frame for a random 1..<see cref="MaxDelay"/>; frames behind it are not held up.</summary>
    public double Delay { get; init; }

    /// <summary>Hold the frame for <see cref="ReorderHold"/> so that the next frames overtake it.</summary>
    public double Reorder { get; init; }

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan ReorderHold { get; init; } = TimeSpan.FromMilliseconds(15);

    public int Seed { get; init; } = 1;

    /// <summary>The same probability <paramref name="p"/> for every kind of fault.</summary>
    public static FaultOptions Uniform(double p, int seed) =>
        new() { Drop = p, Corrupt = p, Duplicate = p, Delay = p, Reorder = p, Seed = seed };
}

/// <summary>What a fault pump actually did (so a test can prove its faults happened).</summary>
public sealed class FaultStatistics
{
    private long _frames, _dropped, _corrupted, _duplicated, _delayed, _reordered;

    public long Frames => Interlocked.Read(ref _frames);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Corrupted => Interlocked.Read(ref _corrupted);
    public long Duplicated => Interlocked.Read(ref _duplicated);
    public long Delayed => Interlocked.Read(ref _delayed);
    public long Reordered => Interlocked.Read(ref _reordered);

    internal void CountFrame() => Interlocked.Increment(ref _frames);
    internal void CountDrop() => Interlocked.Increment(ref _dropped);
    internal void CountCorrupt() => Interlocked.Increment(ref _corrupted);
    internal void CountDuplicate() => Interlocked.Increment(ref _duplicated);
    internal void CountDelay() => Interlocked.Increment(ref _delayed);
    internal void CountReorder() => Interlocked.Increment(ref _reordered);

    public override string ToString() =>
        $"{Frames} frames: {Dropped} dropped, {Corrupted} corrupted, {Duplicated} duplicated, {Delayed} delayed, {Reordered} reordered";
}
