namespace LinuxVirtio.Tracing;

/// <summary>Kernel execution context of an access (the model enforces what each may do).</summary>
public enum ExecContext
{
    Process,
    Irq,
    Noirq,
}

/// <summary>What a trace line records.</summary>
public enum TraceKind
{
    /// <summary>Register read (value = what the device returned).</summary>
    Read,

    /// <summary>Register write (value = what the driver wrote).</summary>
    Write,

    /// <summary>Interrupt line level change observed (value = 1 asserted, 0 deasserted).</summary>
    IrqLine,

    /// <summary>A PM phase or driver step begins (Phase holds its name).</summary>
    Phase,

    /// <summary>Free text (e.g. "polled used idx 3").</summary>
    Note,
}

/// <summary>
/// One line of a register trace (docs/trace-format.md). Seq orders the whole run; Time is relative to the start.
/// </summary>
public sealed record TraceEntry(
    long Seq,
    TimeSpan Time,
    TraceKind Kind,
    int Offset,
    int Width,
    uint Value,
    ExecContext Context,
    string Phase,
    string? Note = null);
