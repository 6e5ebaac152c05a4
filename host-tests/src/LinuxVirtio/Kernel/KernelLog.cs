namespace LinuxVirtio.Kernel;

public enum LogLevel
{
    Info,
    Warn,
    Err,
}

/// <summary>One dmesg line; <see cref="AfterSeq"/> is the trace sequence number of the last access before it.</summary>
public sealed record LogEntry(LogLevel Level, string Device, string Message, long AfterSeq)
{
    public override string ToString() => $"after #{AfterSeq} {Level.ToString().ToUpperInvariant()} {Device}: {Message}";
}

/// <summary>The kernel log (dev_info/dev_warn/dev_err/WARN_ON/BAD_RING all land here).</summary>
public sealed class KernelLog
{
    private readonly List<LogEntry> _entries = new();
    private readonly Func<long> _lastSeq;

    public KernelLog(Func<long> lastSeq)
    {
        _lastSeq = lastSeq;
    }

    public IReadOnlyList<LogEntry> Entries => _entries;

    public IEnumerable<LogEntry> Problems => _entries.Where(e => e.Level != LogLevel.Info);

    public void Add(LogLevel level, string device, string message) => _entries.Add(new LogEntry(level, device, message, _lastSeq()));
}
