namespace Runner.Reports;

/// <summary>
/// Which trace entries a timeline draws. A short trace is drawn whole. A long one (a soak) is drawn as its beginning,
/// the stretch around the divergent access, and its end, with the entries in between left out, so the page stays
/// small and the interesting parts stay wide enough to read. Maps trace indices to display positions.
/// </summary>
public sealed class TimelineWindow
{
    /// <summary>Traces up to this long are drawn whole.</summary>
    public const int MaxEntries = 2400;

    /// <summary>Entries kept at each end, and around the focus, of a longer trace.</summary>
    public const int Edge = 800;

    private readonly int[] _shown;     // display position -> trace index
    private readonly int[] _position;  // trace index -> display position (of the next shown entry, inside a gap)
    private readonly List<(int Position, int Omitted)> _gaps = new();

    private TimelineWindow(int count, List<(int Start, int End)> ranges)
    {
        _shown = ranges.SelectMany(r => Enumerable.Range(r.Start, r.End - r.Start)).ToArray();
        _position = new int[count];
        int position = 0;
        int previousEnd = 0;
        foreach ((int start, int end) in ranges)
        {
            if (start > previousEnd)
            {
                _gaps.Add((position, start - previousEnd));
            }

            for (int i = previousEnd; i < start; i++)
            {
                _position[i] = position; // a change inside a gap shows where the next shown stretch begins
            }

            for (int i = start; i < end; i++)
            {
                _position[i] = position++;
            }

            previousEnd = end;
        }
    }

    /// <param name="count">Entries in the trace.</param>
    /// <param name="focus">Trace index to keep in view (the divergent access), or -1.</param>
    public static TimelineWindow For(int count, int focus)
    {
        if (count <= MaxEntries)
        {
            return new TimelineWindow(count, [(0, count)]);
        }

        var ranges = new List<(int Start, int End)> { (0, Edge), (count - Edge, count) };
        if (focus >= 0 && focus < count)
        {
            ranges.Add((Math.Max(0, focus - Edge / 2), Math.Min(count, focus + Edge / 2)));
        }

        ranges.Sort();
        var merged = new List<(int Start, int End)>();
        foreach ((int start, int end) in ranges)
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return new TimelineWindow(count, merged);
    }

    /// <summary>Entries drawn.</summary>
    public int Count => _shown.Length;

    /// <summary>The trace index drawn at a display position.</summary>
    public int TraceIndex(int position) => _shown[position];

    /// <summary>The display position of a trace index; inside a gap, the position where the next shown stretch begins.</summary>
    public int Position(int traceIndex) => _position[traceIndex];

    /// <summary>Left-out stretches: the display position they precede and how many entries they hold.</summary>
    public IReadOnlyList<(int Position, int Omitted)> Gaps => _gaps;
}
