using System.Globalization;
using System.Text.Json;

namespace Boards;

/// <summary>
/// Reads one board file into a <see cref="BoardFile"/>, reporting every shape error (malformed JSON, missing or
/// unknown property, wrong type, out-of-range number) with its JSON path instead of throwing.
/// Mirrors boards/board.schema.json; the hardware rules live in <see cref="BoardValidator"/>.
/// </summary>
public static class BoardParser
{
    public static readonly string[] TopLevelProperties =
        ["$schema", "board", "description", "chip", "nanoffTarget", "uart", "statusLedPin", "interruptPin", "memoryWindow", "queueSize", "clocks", "regulators"];

    public static readonly string[] UartProperties = ["port", "txPin", "rxPin", "baud"];

    public static readonly string[] MemoryWindowProperties = ["base", "size"];

    public static readonly string[] ClockProperties = ["name", "id", "ledcChannel", "pin", "minHz", "maxHz", "rates", "initialHz"];

    public static readonly string[] RegulatorProperties = ["name", "enablePin", "minMv", "maxMv", "stepMv", "voltageSelectPins", "initialMv"];

    public static readonly int[] SupportedBaudRates = [115200, 230400, 460800, 921600];

    /// <summary>Parses <paramref name="json"/>; returns null (with at least one diagnostic) if the shape is wrong.</summary>
    public static BoardFile? Parse(string fileName, string json, List<BoardDiagnostic> diagnostics)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $"line {line + 1}, byte {e.BytePositionInLine + 1}" : "unknown position";
            diagnostics.Add(new BoardDiagnostic(fileName, "$", "json-syntax", $"malformed JSON at {where}: {FirstSentence(e.Message)}"));
            return null;
        }

        using (document)
        {
            var reader = new Reader(fileName, diagnostics);
            return reader.ReadBoard(document.RootElement);
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends " Path: ..." or " LineNumber: ..." (the position is already reported).
        foreach (string tail in new[] { " Path:", " LineNumber:" })
        {
            int cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message;
    }

    private delegate bool ItemReader<T>(JsonElement element, string path, out T value);

    private sealed class Reader(string fileName, List<BoardDiagnostic> diagnostics)
    {
        private int _errors;

        public BoardFile? ReadBoard(JsonElement root)
        {
            if (!ExpectObject(root, "$", TopLevelProperties))
            {
                return null;
            }

            string? board = String(root, "$", "board", required: true);
            string? description = String(root, "$", "description", required: true);
            string? chip = String(root, "$", "chip", required: true);
            string? target = String(root, "$", "nanoffTarget", required: true);
            UartConfig? uart = ReadUart(root);
            int? led = Int(root, "$", "statusLedPin", required: true, 0, 48);
            int? irq = Int(root, "$", "interruptPin", required: false, 0, 48);
            (ulong windowBase, int windowSize)? window = ReadWindow(root);
            int? queueSize = Int(root, "$", "queueSize", required: true, 1, 32768);
            List<ClockResource>? clocks = ReadArray<ClockResource>(root, "$", "clocks", (JsonElement e, string p, out ClockResource v) => Some(ReadClock(e, p), out v));
            List<RegulatorResource>? regulators = ReadArray<RegulatorResource>(root, "$", "regulators", (JsonElement e, string p, out RegulatorResource v) => Some(ReadRegulator(e, p), out v));

            if (_errors > 0)
            {
                return null;
            }

            return new BoardFile(
                board!, description!, chip!, target!, uart!, led!.Value, irq, window!.Value.windowBase, window.Value.windowSize,
                queueSize!.Value, clocks!, regulators!);
        }

        private UartConfig? ReadUart(JsonElement root)
        {
            if (!Property(root, "$", "uart", required: true, out JsonElement uart) || !ExpectObject(uart, "$.uart", UartProperties))
            {
                return null;
            }

            string? port = String(uart, "$.uart", "port", required: true);
            int? tx = Int(uart, "$.uart", "txPin", required: true, 0, 48);
            int? rx = Int(uart, "$.uart", "rxPin", required: true, 0, 48);
            int? baud = Int(uart, "$.uart", "baud", required: true, 1, int.MaxValue);
            if (port is null || tx is null || rx is null || baud is null)
            {
                return null;
            }

            return new UartConfig(port, tx.Value, rx.Value, baud.Value);
        }

        private (ulong, int)? ReadWindow(JsonElement root)
        {
            if (!Property(root, "$", "memoryWindow", required: true, out JsonElement window)
                || !ExpectObject(window, "$.memoryWindow", MemoryWindowProperties))
            {
                return null;
            }

            string? baseText = String(window, "$.memoryWindow", "base", required: true);
            int? size = Int(window, "$.memoryWindow", "size", required: true, 1, int.MaxValue);
            if (baseText is null || size is null)
            {
                return null;
            }

            if (!baseText.StartsWith("0x", StringComparison.Ordinal) || baseText.Length is < 3 or > 18
                || !ulong.TryParse(baseText.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong windowBase))
            {
                Error("$.memoryWindow.base", "type", $"\"{baseText}\" is not a hex address like \"0x80000000\"");
                return null;
            }

            return (windowBase, size.Value);
        }

        private ClockResource? ReadClock(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, ClockProperties))
            {
                return null;
            }

            string? name = String(element, path, "name", required: true);
            int? id = Int(element, path, "id", required: true, 0, int.MaxValue);
            int? channel = Int(element, path, "ledcChannel", required: true, 1, 16);
            int? pin = Int(element, path, "pin", required: true, 0, 48);
            long? minHz = Long(element, path, "minHz", required: false, 1, uint.MaxValue);
            long? maxHz = Long(element, path, "maxHz", required: false, 1, uint.MaxValue);
            long? initialHz = Long(element, path, "initialHz", required: false, 1, uint.MaxValue);
            List<long>? rates = null;
            if (Property(element, path, "rates", required: false, out _))
            {
                rates = ReadArray<long>(element, path, "rates", (JsonElement e, string p, out long v) =>
                    (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out v) && v >= 1 && v <= uint.MaxValue) || Fail(p, "a positive integer rate in Hz", out v));
            }

            bool hasRange = element.TryGetProperty("minHz", out _) || element.TryGetProperty("maxHz", out _);
            bool hasRates = element.TryGetProperty("rates", out _);
            if (hasRange == hasRates)
            {
                Error(path, "clock-rates", "give either \"minHz\" and \"maxHz\" (a range) or \"rates\" (a list), exactly one of the two");
                return null;
            }

            if (hasRange && (minHz is null || maxHz is null))
            {
                if (element.TryGetProperty("minHz", out _) != element.TryGetProperty("maxHz", out _))
                {
                    Error(path, "clock-rates", "a rate range needs both \"minHz\" and \"maxHz\"");
                }

                return null;
            }

            if (name is null || id is null || channel is null || pin is null || (hasRates && rates is null))
            {
                return null;
            }

            return new ClockResource(name, id.Value, channel.Value, pin.Value, minHz, maxHz, rates, initialHz);
        }

        private RegulatorResource? ReadRegulator(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, RegulatorProperties))
            {
                return null;
            }

            string? name = String(element, path, "name", required: true);
            int? enablePin = Int(element, path, "enablePin", required: true, 0, 48);
            int? minMv = Int(element, path, "minMv", required: true, 1, 60000);
            int? maxMv = Int(element, path, "maxMv", required: true, 1, 60000);
            int? stepMv = Int(element, path, "stepMv", required: false, 1, 60000);
            int? initialMv = Int(element, path, "initialMv", required: false, 1, 60000);
            List<int>? selectPins = [];
            if (Property(element, path, "voltageSelectPins", required: false, out _))
            {
                selectPins = ReadArray<int>(element, path, "voltageSelectPins", (JsonElement e, string p, out int v) =>
                    (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out v) && v >= 0 && v <= 48) || Fail(p, "a GPIO number 0..48", out v));
            }

            if (name is null || enablePin is null || minMv is null || maxMv is null || selectPins is null)
            {
                return null;
            }

            return new RegulatorResource(name, enablePin.Value, minMv.Value, maxMv.Value, stepMv, selectPins, initialMv);
        }

        private static bool Some<T>(T? item, out T value)
            where T : class
        {
            value = item!;
            return item is not null;
        }

        private List<T>? ReadArray<T>(JsonElement parent, string parentPath, string name, ItemReader<T> readItem)
        {
            if (!Property(parent, parentPath, name, required: true, out JsonElement array))
            {
                return null;
            }

            string path = parentPath + "." + name;
            if (array.ValueKind != JsonValueKind.Array)
            {
                Error(path, "type", $"expected an array, found {Describe(array)}");
                return null;
            }

            var items = new List<T>();
            bool ok = true;
            int index = 0;
            foreach (JsonElement item in array.EnumerateArray())
            {
                if (readItem(item, $"{path}[{index}]", out T value))
                {
                    items.Add(value);
                }
                else
                {
                    ok = false;
                }

                index++;
            }

            return ok ? items : null;
        }

        private bool Fail<T>(string path, string expected, out T value)
            where T : struct
        {
            Error(path, "type", $"expected {expected}");
            value = default;
            return false;
        }

        private bool ExpectObject(JsonElement element, string path, string[] known)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(path, "type", $"expected an object, found {Describe(element)}");
                return false;
            }

            bool ok = true;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    Error(path + "." + property.Name, "duplicate-property", $"\"{property.Name}\" appears more than once");
                    ok = false;
                }
                else if (Array.IndexOf(known, property.Name) < 0)
                {
                    Error(path + "." + property.Name, "unknown-property", $"unknown property \"{property.Name}\"; expected one of: {string.Join(", ", known.Where(k => k != "$schema"))}");
                    ok = false;
                }
            }

            return ok;
        }

        private bool Property(JsonElement parent, string parentPath, string name, bool required, out JsonElement value)
        {
            if (parent.TryGetProperty(name, out value))
            {
                return true;
            }

            if (required)
            {
                Error(parentPath + "." + name, "missing-property", $"required property \"{name}\" is missing");
            }

            return false;
        }

        private string? String(JsonElement parent, string parentPath, string name, bool required)
        {
            if (!Property(parent, parentPath, name, required, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Error(parentPath + "." + name, "type", $"expected a string, found {Describe(value)}");
                return null;
            }

            return value.GetString();
        }

        private int? Int(JsonElement parent, string parentPath, string name, bool required, int min, int max)
        {
            long? value = Long(parent, parentPath, name, required, min, max);
            return value is null ? null : (int)value.Value;
        }

        private long? Long(JsonElement parent, string parentPath, string name, bool required, long min, long max)
        {
            if (!Property(parent, parentPath, name, required, out JsonElement value))
            {
                return null;
            }

            string path = parentPath + "." + name;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
            {
                Error(path, "type", $"expected an integer, found {Describe(value)}");
                return null;
            }

            if (number < min || number > max)
            {
                Error(path, "range", $"{number} is outside {min}..{max}");
                return null;
            }

            return number;
        }

        private void Error(string path, string rule, string message)
        {
            _errors++;
            diagnostics.Add(new BoardDiagnostic(fileName, path, rule, message));
        }

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{element.GetString()}\"",
            JsonValueKind.Number => $"the number {element.GetRawText()}",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
            JsonValueKind.Null => "null",
            _ => element.ValueKind.ToString(),
        };
    }
}
