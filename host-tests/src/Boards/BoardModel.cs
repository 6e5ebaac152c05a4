namespace Boards;

/// <summary>One board file, as parsed. Shape errors are reported by <see cref="BoardParser"/>; hardware rules by <see cref="BoardValidator"/>.</summary>
public sealed record BoardFile(
    string Board,
    string Description,
    string Chip,
    string NanoffTarget,
    UartConfig Uart,
    int StatusLedPin,
    int? InterruptPin,
    ulong MemoryWindowBase,
    int MemoryWindowSize,
    int QueueSize,
    IReadOnlyList<ClockResource> Clocks,
    IReadOnlyList<RegulatorResource> Regulators);

public sealed record UartConfig(string Port, int TxPin, int RxPin, int Baud);

/// <summary>A clock: either a range (MinHz/MaxHz) or discrete <see cref="Rates"/> (exactly one of the two).</summary>
public sealed record ClockResource(
    string Name,
    int Id,
    int LedcChannel,
    int Pin,
    long? MinHz,
    long? MaxHz,
    IReadOnlyList<long>? Rates,
    long? InitialHz)
{
    public int LedcTimer => (LedcChannel - 1) / 2;

    public long LowestHz => Rates is { Count: > 0 } ? Rates.Min() : MinHz ?? 0;

    public long HighestHz => Rates is { Count: > 0 } ? Rates.Max() : MaxHz ?? 0;

    public long EffectiveInitialHz => InitialHz ?? (Rates is { Count: > 0 } ? Rates[0] : MinHz ?? 0);

    /// <summary>The rate specification as text, used to compare the two channels of an LEDC pair.</summary>
    public string RateSpec => Rates is { Count: > 0 }
        ? "rates [" + string.Join(", ", Rates) + "]"
        : $"range {MinHz}..{MaxHz} Hz";
}

public sealed record RegulatorResource(
    string Name,
    int EnablePin,
    int MinMv,
    int MaxMv,
    int? StepMv,
    IReadOnlyList<int> VoltageSelectPins,
    int? InitialMv)
{
    /// <summary>Step used by the firmware: the given step, or 1 for a fixed regulator.</summary>
    public int EffectiveStepMv => StepMv ?? 1;

    public int EffectiveInitialMv => InitialMv ?? MinMv;

    public int LevelCount => (MaxMv - MinMv) / EffectiveStepMv + 1;
}

/// <summary>A problem in a board file: which file, where in it (JSON path), which rule, and what to do.</summary>
public sealed record BoardDiagnostic(string File, string JsonPath, string Rule, string Message)
{
    public override string ToString() => $"{File}: {JsonPath}: [{Rule}] {Message}";
}
