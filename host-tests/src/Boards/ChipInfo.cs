namespace Boards;

/// <summary>Why a GPIO may not be given to a board resource. The rule id appears in diagnostics.</summary>
public sealed record ReservedPin(int Pin, string Rule, string Reason);

/// <summary>
/// What the validator knows about one ESP32 family member: which GPIOs exist, which are reserved, and the LEDC
/// limits as nanoFramework exposes them. Sources are cited in docs/boards.md (Espressif datasheets: "Pin
/// Overview"/"Strapping Pins"; nf-interpreter targets/ESP32/_nanoCLR/System.Device.Pwm).
/// </summary>
public sealed class ChipInfo
{
    private ChipInfo(
        string id,
        string displayName,
        IEnumerable<int> gpios,
        IEnumerable<int> inputOnly,
        IEnumerable<ReservedPin> reserved,
        int maxLedcChannel,
        int maxLedcOutputs,
        IReadOnlyDictionary<int, string> unusableLedcChannels,
        long minLedcHz,
        long maxLedcHz,
        IEnumerable<string> nanoffTargets)
    {
        Id = id;
        DisplayName = displayName;
        Gpios = new SortedSet<int>(gpios);
        InputOnly = new SortedSet<int>(inputOnly);
        Reserved = reserved.ToDictionary(r => r.Pin);
        MaxLedcChannel = maxLedcChannel;
        MaxLedcOutputs = maxLedcOutputs;
        UnusableLedcChannels = unusableLedcChannels;
        MinLedcHz = minLedcHz;
        MaxLedcHz = maxLedcHz;
        NanoffTargets = nanoffTargets.ToArray();
    }

    public string Id { get; }

    public string DisplayName { get; }

    public IReadOnlySet<int> Gpios { get; }

    /// <summary>GPIOs without an output driver.</summary>
    public IReadOnlySet<int> InputOnly { get; }

    public IReadOnlyDictionary<int, ReservedPin> Reserved { get; }

    /// <summary>Highest usable DeviceFunction.PWMn number.</summary>
    public int MaxLedcChannel { get; }

    /// <summary>Hardware LEDC channels: the most PWM outputs one board can drive.</summary>
    public int MaxLedcOutputs { get; }

    /// <summary>PWM function numbers that exist but must not be used, with the reason.</summary>
    public IReadOnlyDictionary<int, string> UnusableLedcChannels { get; }

    /// <summary>Lowest frequency nanoFramework can program on an LEDC timer (APB 80 MHz, widest duty resolution, 10-bit divider).</summary>
    public long MinLedcHz { get; }

    /// <summary>Highest frequency at 50 % duty: APB 80 MHz / 2 (1-bit duty resolution).</summary>
    public long MaxLedcHz { get; }

    /// <summary>nanoff --target images built for this chip that the project supports.</summary>
    public IReadOnlyList<string> NanoffTargets { get; }

    public static IReadOnlyDictionary<string, ChipInfo> All { get; } = new Dictionary<string, ChipInfo>
    {
        ["esp32"] = new ChipInfo(
            "esp32",
            "ESP32",
            gpios: Range(0, 19).Concat(Range(21, 23)).Concat(Range(25, 27)).Concat(Range(32, 39)),
            inputOnly: Range(34, 39),
            reserved: Flash(6, 7, 8, 9, 10, 11)
                .Concat(Strapping(0, 2, 5, 12, 15))
                .Concat(DebugUart("U0TXD", 1)).Concat(DebugUart("U0RXD", 3)),
            maxLedcChannel: 16,
            maxLedcOutputs: 16,
            unusableLedcChannels: new Dictionary<int, string>
            {
                // nf-interpreter PwmChannel.cpp: NativeSetDesiredFrequency picks the speed mode with (timerId <= 4)
                // while every other path uses (timerId > 3), so a rate change on PWM9/PWM10 (timer 4) reprograms
                // the high-speed timer 0 of PWM1/PWM2 instead of its own.
                [9] = "a rate change on PWM9/PWM10 reprograms the LEDC timer of PWM1/PWM2 (nf-interpreter speed-mode bug)",
                [10] = "a rate change on PWM9/PWM10 reprograms the LEDC timer of PWM1/PWM2 (nf-interpreter speed-mode bug)",
            },
            minLedcHz: 1,
            maxLedcHz: 40_000_000,
            nanoffTargets: ["ESP32_REV3"]),
        ["esp32s3"] = new ChipInfo(
            "esp32s3",
            "ESP32-S3",
            gpios: Range(0, 21).Concat(Range(26, 48)),
            inputOnly: [],
            reserved: Flash(26, 27, 28, 29, 30, 31, 32)
                .Concat(Range(33, 37).Select(p => new ReservedPin(p, "pin-psram", "is used by octal flash/PSRAM on the N8R8/N16R8 module variants")))
                .Concat(Strapping(0, 3, 45, 46))
                .Concat(Usb(19, 20))
                .Concat(DebugUart("U0TXD", 43)).Concat(DebugUart("U0RXD", 44)),
            maxLedcChannel: 8,
            maxLedcOutputs: 8,
            unusableLedcChannels: new Dictionary<int, string>(),
            minLedcHz: 10,
            maxLedcHz: 40_000_000,
            nanoffTargets: ["ESP32_S3_QUAD"]),
        ["esp32c3"] = new ChipInfo(
            "esp32c3",
            "ESP32-C3",
            gpios: Range(0, 21),
            inputOnly: [],
            reserved: Flash(12, 13, 14, 15, 16, 17)
                .Append(new ReservedPin(11, "pin-flash", "is VDD_SPI, the flash supply (a GPIO only after burning an eFuse)"))
                .Concat(Strapping(2, 8, 9))
                .Concat(Usb(18, 19))
                .Concat(DebugUart("U0RXD", 20)).Concat(DebugUart("U0TXD", 21)),
            maxLedcChannel: 8,
            maxLedcOutputs: 6,
            unusableLedcChannels: new Dictionary<int, string>(),
            minLedcHz: 10,
            maxLedcHz: 40_000_000,
            nanoffTargets: ["ESP32_C3"]),
    };

    private static IEnumerable<int> Range(int first, int last) => Enumerable.Range(first, last - first + 1);

    private static IEnumerable<ReservedPin> Flash(params int[] pins) =>
        pins.Select(p => new ReservedPin(p, "pin-flash", "is wired to the SPI flash"));

    private static IEnumerable<ReservedPin> Strapping(params int[] pins) =>
        pins.Select(p => new ReservedPin(p, "pin-strapping", "is a strapping pin (sampled at reset: boot mode/flash voltage/JTAG)"));

    private static IEnumerable<ReservedPin> Usb(params int[] pins) =>
        pins.Select(p => new ReservedPin(p, "pin-usb", "is USB D-/D+ (USB-Serial-JTAG carries the nanoFramework wire protocol)"));

    private static IEnumerable<ReservedPin> DebugUart(string signal, int pin) =>
        [new ReservedPin(pin, "pin-debug-uart", $"is {signal} of UART0 (COM1, the nanoFramework debugger/deployment port)")];
}
