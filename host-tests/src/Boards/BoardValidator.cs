using System.Text.RegularExpressions;

namespace Boards;

/// <summary>
/// The hardware and wire-format rules a parsed board must satisfy before firmware is generated from it.
/// Every finding names the file, the JSON path and the rule (docs/boards.md lists the rules).
/// </summary>
public static partial class BoardValidator
{
    /// <summary>virtio_clk_msg.name is u8[40] and virtio_regulator_msg.name u8[20], both NUL-terminated.</summary>
    public const int MaxClockNameLength = 39;

    public const int MaxRegulatorNameLength = 19;

    public const int MinWindowSize = 4096;

    public const int MaxWindowSize = 65536;

    public const int MaxQueueSize = 256;

    /// <summary>
    /// Queues of the slots every board serves (VirtioMmio.App.StandardDeviceSet): clock 1, regulator 1, test-2q 2,
    /// test-1q 1, test-legacy 1. Each needs its rings and a request buffer per descriptor.
    /// </summary>
    public const int QueuesPerBoard = 6;

    /// <summary>Largest request message (virtio_clk_msg).</summary>
    public const int LargestMessageBytes = 68;

    public static IReadOnlyList<BoardDiagnostic> Validate(string fileName, BoardFile board)
    {
        var findings = new List<BoardDiagnostic>();
        void Error(string path, string rule, string message) => findings.Add(new BoardDiagnostic(fileName, path, rule, message));

        string expectedId = Path.GetFileNameWithoutExtension(fileName);
        if (board.Board != expectedId)
        {
            Error("$.board", "board-id", $"\"{board.Board}\" must equal the file name \"{expectedId}\"");
        }

        if (!BoardIdPattern().IsMatch(board.Board))
        {
            Error("$.board", "board-id", $"\"{board.Board}\" must be lower-case letters, digits and '-' (at most 40)");
        }

        if (!ChipInfo.All.TryGetValue(board.Chip, out ChipInfo? chip))
        {
            Error("$.chip", "chip-unknown", $"unknown chip \"{board.Chip}\"; expected one of: {string.Join(", ", ChipInfo.All.Keys)}");
            return findings;
        }

        if (!chip.NanoffTargets.Contains(board.NanoffTarget))
        {
            Error("$.nanoffTarget", "nanoff-target", $"\"{board.NanoffTarget}\" is not a supported nanoff target for {chip.DisplayName}; expected one of: {string.Join(", ", chip.NanoffTargets)}");
        }

        if (board.Uart.Port != "COM2")
        {
            Error("$.uart.port", "uart-port", $"\"{board.Uart.Port}\" must be \"COM2\": COM1 carries the nanoFramework debugger");
        }

        if (!BoardParser.SupportedBaudRates.Contains(board.Uart.Baud))
        {
            Error("$.uart.baud", "uart-baud", $"{board.Uart.Baud} is not one of {string.Join(", ", BoardParser.SupportedBaudRates)}");
        }

        var pins = new PinLedger(chip, Error);
        pins.Claim("$.uart.txPin", board.Uart.TxPin, output: true, "UART TX");
        pins.Claim("$.uart.rxPin", board.Uart.RxPin, output: false, "UART RX");
        pins.Claim("$.statusLedPin", board.StatusLedPin, output: true, "status LED");
        if (board.InterruptPin is int irq)
        {
            pins.Claim("$.interruptPin", irq, output: true, "interrupt mirror");
        }

        ValidateWindow(board, Error);
        ValidateClocks(board, chip, pins, Error);
        ValidateRegulators(board, pins, Error);

        if (board.Clocks.Count == 0 && board.Regulators.Count == 0)
        {
            Error("$", "board-empty", "a board needs at least one clock or regulator");
        }

        return findings;
    }

    private static void ValidateWindow(BoardFile board, Action<string, string, string> error)
    {
        if (board.QueueSize < 2 || board.QueueSize > MaxQueueSize || (board.QueueSize & (board.QueueSize - 1)) != 0)
        {
            error("$.queueSize", "queue-size", $"{board.QueueSize} must be a power of two in 2..{MaxQueueSize}");
        }

        if (board.MemoryWindowSize < MinWindowSize || board.MemoryWindowSize > MaxWindowSize || board.MemoryWindowSize % 16 != 0)
        {
            error("$.memoryWindow.size", "window-size", $"{board.MemoryWindowSize} must be a multiple of 16 in {MinWindowSize}..{MaxWindowSize} (it is preallocated on the device heap)");
        }
        else if (board.QueueSize >= 2 && board.QueueSize <= MaxQueueSize)
        {
            int needed = RequiredWindowBytes(board.QueueSize);
            if (board.MemoryWindowSize < needed)
            {
                error("$.memoryWindow.size", "window-too-small", $"{board.MemoryWindowSize} bytes cannot hold {QueuesPerBoard} queues of {board.QueueSize} (rings plus one {LargestMessageBytes}-byte request per slot need {needed})");
            }
        }

        if (board.MemoryWindowBase % 16 != 0)
        {
            error("$.memoryWindow.base", "window-base", $"0x{board.MemoryWindowBase:X} must be 16-byte aligned (descriptor table alignment)");
        }

        if (board.MemoryWindowBase > ulong.MaxValue - (ulong)Math.Max(board.MemoryWindowSize, 0))
        {
            error("$.memoryWindow.base", "window-base", "the window wraps the 64-bit address space");
        }
    }

    /// <summary>Split-ring bytes for one queue: descriptors 16q, avail 6+2q, used 6+8q.</summary>
    public static int RingBytes(int queueSize) => 16 * queueSize + 6 + 2 * queueSize + 6 + 8 * queueSize;

    /// <summary>
    /// Bytes the driver needs in the window when every queue runs at its QueueNumMax: queueSize for every queue except
    /// test-2q's second, which offers twice that (EchoTestDevice: max size &lt;&lt; queue index).
    /// </summary>
    public static int RequiredWindowBytes(int queueSize) =>
        (QueuesPerBoard - 1) * QueueBytes(queueSize) + QueueBytes(2 * queueSize);

    private static int QueueBytes(int size) => RingBytes(size) + size * LargestMessageBytes;

    private static void ValidateClocks(BoardFile board, ChipInfo chip, PinLedger pins, Action<string, string, string> error)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new Dictionary<int, int>();
        var channels = new Dictionary<int, int>();
        for (int i = 0; i < board.Clocks.Count; i++)
        {
            ClockResource clock = board.Clocks[i];
            string path = $"$.clocks[{i}]";
            ValidateName(path + ".name", clock.Name, MaxClockNameLength, "clock", "virtio_clk_msg.name is 40 bytes", names, i, "$.clocks", error);

            if (clock.Id > 255)
            {
                error(path + ".id", "clock-id", $"{clock.Id} exceeds 255 (the firmware keys clocks by a small id)");
            }
            else if (!ids.TryAdd(clock.Id, i))
            {
                error(path + ".id", "clock-id-duplicate", $"id {clock.Id} is already used by $.clocks[{ids[clock.Id]}]");
            }

            pins.Claim(path + ".pin", clock.Pin, output: true, $"clock \"{clock.Name}\"");

            if (clock.LedcChannel > chip.MaxLedcChannel)
            {
                error(path + ".ledcChannel", "ledc-channel", $"PWM{clock.LedcChannel} does not exist on {chip.DisplayName} (PWM1..PWM{chip.MaxLedcChannel})");
            }
            else if (chip.UnusableLedcChannels.TryGetValue(clock.LedcChannel, out string? why))
            {
                error(path + ".ledcChannel", "ledc-channel", $"PWM{clock.LedcChannel} must not be used: {why}");
            }
            else if (!channels.TryAdd(clock.LedcChannel, i))
            {
                error(path + ".ledcChannel", "ledc-channel-duplicate", $"PWM{clock.LedcChannel} is already used by $.clocks[{channels[clock.LedcChannel]}]");
            }

            ValidateRates(path, clock, chip, error);
        }

        if (board.Clocks.Count > chip.MaxLedcOutputs)
        {
            error("$.clocks", "ledc-outputs", $"{board.Clocks.Count} clocks exceed the {chip.MaxLedcOutputs} LEDC channels of {chip.DisplayName}");
        }

        // PWM(2k-1) and PWM(2k) share one LEDC timer: they can only ever run at the same frequency, so their
        // rate specifications (and start-up rate) must be identical or one clock would silently retune the other.
        foreach (IGrouping<int, int> pair in Enumerable.Range(0, board.Clocks.Count).GroupBy(i => board.Clocks[i].LedcTimer))
        {
            int[] members = pair.ToArray();
            for (int m = 1; m < members.Length; m++)
            {
                ClockResource first = board.Clocks[members[0]];
                ClockResource other = board.Clocks[members[m]];
                if (first.RateSpec != other.RateSpec || first.EffectiveInitialHz != other.EffectiveInitialHz)
                {
                    error($"$.clocks[{members[m]}]", "ledc-pair",
                        $"PWM{other.LedcChannel} shares an LEDC timer with PWM{first.LedcChannel} ($.clocks[{members[0]}]), so both need the same rates and initialHz: "
                        + $"{first.RateSpec} @ {first.EffectiveInitialHz} Hz vs {other.RateSpec} @ {other.EffectiveInitialHz} Hz");
                }
            }
        }
    }

    private static void ValidateRates(string path, ClockResource clock, ChipInfo chip, Action<string, string, string> error)
    {
        string limits = $"{chip.MinLedcHz}..{chip.MaxLedcHz} Hz";
        if (clock.Rates is { } rates)
        {
            if (rates.Count == 0)
            {
                error(path + ".rates", "clock-rates", "the list of rates is empty");
                return;
            }

            for (int r = 0; r < rates.Count; r++)
            {
                if (rates[r] < chip.MinLedcHz || rates[r] > chip.MaxLedcHz)
                {
                    error($"{path}.rates[{r}]", "clock-rate-range", $"{rates[r]} Hz is outside what LEDC can produce on {chip.DisplayName} ({limits})");
                }

                if (r > 0 && rates[r] <= rates[r - 1])
                {
                    error($"{path}.rates[{r}]", "clock-rates", "rates must be strictly ascending (ROUND_RATE picks from this list in order)");
                }
            }

            if (clock.InitialHz is long initial && !rates.Contains(initial))
            {
                error(path + ".initialHz", "clock-initial-rate", $"{initial} Hz is not one of the listed rates");
            }

            return;
        }

        long min = clock.MinHz!.Value;
        long max = clock.MaxHz!.Value;
        if (min < chip.MinLedcHz)
        {
            error(path + ".minHz", "clock-rate-range", $"{min} Hz is below what LEDC can produce on {chip.DisplayName} ({limits})");
        }

        if (max > chip.MaxLedcHz)
        {
            error(path + ".maxHz", "clock-rate-range", $"{max} Hz is above what LEDC can produce on {chip.DisplayName} ({limits})");
        }

        if (min > max)
        {
            error(path + ".minHz", "clock-rates", $"minHz {min} is greater than maxHz {max}");
        }
        else if (clock.InitialHz is long initial && (initial < min || initial > max))
        {
            error(path + ".initialHz", "clock-initial-rate", $"{initial} Hz is outside {min}..{max} Hz");
        }
    }

    private static void ValidateRegulators(BoardFile board, PinLedger pins, Action<string, string, string> error)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < board.Regulators.Count; i++)
        {
            RegulatorResource regulator = board.Regulators[i];
            string path = $"$.regulators[{i}]";
            ValidateName(path + ".name", regulator.Name, MaxRegulatorNameLength, "regulator", "virtio_regulator_msg.name is 20 bytes", names, i, "$.regulators", error);
            pins.Claim(path + ".enablePin", regulator.EnablePin, output: true, $"regulator \"{regulator.Name}\" enable");
            for (int s = 0; s < regulator.VoltageSelectPins.Count; s++)
            {
                pins.Claim($"{path}.voltageSelectPins[{s}]", regulator.VoltageSelectPins[s], output: true, $"regulator \"{regulator.Name}\" voltage select bit {s}");
            }

            if (regulator.MinMv > regulator.MaxMv)
            {
                error(path + ".minMv", "regulator-voltage", $"minMv {regulator.MinMv} is greater than maxMv {regulator.MaxMv}");
                continue;
            }

            if (regulator.MinMv == regulator.MaxMv)
            {
                if (regulator.VoltageSelectPins.Count > 0)
                {
                    error(path + ".voltageSelectPins", "regulator-select-pins", "a fixed regulator (minMv == maxMv) has no voltage to select");
                }
            }
            else if (regulator.StepMv is null)
            {
                error(path + ".stepMv", "regulator-step", "required when minMv != maxMv");
                continue;
            }
            else if ((regulator.MaxMv - regulator.MinMv) % regulator.StepMv.Value != 0)
            {
                error(path + ".stepMv", "regulator-step", $"maxMv - minMv = {regulator.MaxMv - regulator.MinMv} is not a multiple of stepMv {regulator.StepMv}");
                continue;
            }
            else if (regulator.LevelCount > 1 << regulator.VoltageSelectPins.Count)
            {
                error(path + ".voltageSelectPins", "regulator-select-pins",
                    $"{regulator.LevelCount} voltage levels need {(int)Math.Ceiling(Math.Log2(regulator.LevelCount))} select pins, {regulator.VoltageSelectPins.Count} given");
            }

            if (regulator.InitialMv is int initial
                && (initial < regulator.MinMv || initial > regulator.MaxMv || (initial - regulator.MinMv) % regulator.EffectiveStepMv != 0))
            {
                error(path + ".initialMv", "regulator-initial-voltage", $"{initial} mV is not one of the levels {regulator.MinMv}..{regulator.MaxMv} step {regulator.EffectiveStepMv}");
            }
        }
    }

    private static void ValidateName(
        string path, string name, int maxLength, string kind, string why, Dictionary<string, int> seen, int index, string listPath,
        Action<string, string, string> error)
    {
        if (name.Length == 0 || name.Length > maxLength)
        {
            error(path, $"{kind}-name", $"\"{name}\" is {name.Length} characters; a {kind} name needs 1..{maxLength} ({why}, NUL-terminated)");
        }

        if (!WireNamePattern().IsMatch(name))
        {
            error(path, $"{kind}-name", $"\"{name}\" may only contain ASCII letters, digits, '_', '.' and '-' (it is compared byte-wise by the Linux driver)");
        }

        if (!seen.TryAdd(name, index))
        {
            error(path, $"{kind}-name-duplicate", $"\"{name}\" is already used by {listPath}[{seen[name]}]");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex BoardIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]*$")]
    private static partial Regex WireNamePattern();

    /// <summary>Tracks which JSON path claimed each GPIO, refusing missing, reserved, input-only and doubly used pins.</summary>
    private sealed class PinLedger(ChipInfo chip, Action<string, string, string> error)
    {
        private readonly Dictionary<int, (string Path, string Purpose)> _claims = [];

        public void Claim(string path, int pin, bool output, string purpose)
        {
            if (!chip.Gpios.Contains(pin))
            {
                error(path, "pin-unknown", $"GPIO{pin} ({purpose}) does not exist on {chip.DisplayName}");
                return;
            }

            if (chip.Reserved.TryGetValue(pin, out ReservedPin? reserved))
            {
                error(path, reserved.Rule, $"GPIO{pin} ({purpose}) {reserved.Reason} on {chip.DisplayName} and must not be used");
                return;
            }

            if (output && chip.InputOnly.Contains(pin))
            {
                error(path, "pin-input-only", $"GPIO{pin} ({purpose}) is input-only on {chip.DisplayName} and cannot drive an output");
                return;
            }

            if (_claims.TryGetValue(pin, out var first))
            {
                error(path, "pin-duplicate", $"GPIO{pin} ({purpose}) is already used by {first.Path} ({first.Purpose})");
                return;
            }

            _claims[pin] = (path, purpose);
        }
    }
}
