using System.Globalization;
using System.Text;

namespace Boards;

/// <summary>
/// Turns validated board files into the firmware's board C# (nanoFramework 1.x subset: arrays, no generics),
/// one class per board plus <c>CompiledBoard</c>, which picks the board named by the BOARD_* constant the
/// .nfproj defines from the MSBuild property Board (flash.ps1 passes /p:Board=...).
/// Output is deterministic, so a test can compare it with the checked-in files.
/// </summary>
public static class BoardCodeGenerator
{
    public const string Namespace = "VirtioFirmware.Boards";

    /// <summary>The board compiled in when the build names none.</summary>
    public const string DefaultBoard = "esp32-devkitc";

    public const string SelectorFileName = "CompiledBoard.g.cs";

    /// <summary>File name (relative to the generated directory) → content.</summary>
    public static IReadOnlyDictionary<string, string> Generate(IReadOnlyList<BoardFile> boards)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (BoardFile board in boards.OrderBy(b => b.Board, StringComparer.Ordinal))
        {
            files[ClassName(board.Board) + ".g.cs"] = GenerateBoard(board);
        }

        files[SelectorFileName] = GenerateSelector(boards);
        return files;
    }

    /// <summary>"esp32-s3-devkitc-1" → "Esp32S3Devkitc1Board".</summary>
    public static string ClassName(string boardId)
    {
        var name = new StringBuilder();
        foreach (string part in boardId.Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            name.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        return name.Append("Board").ToString();
    }

    /// <summary>"esp32-s3-devkitc-1" → "BOARD_ESP32_S3_DEVKITC_1" (what the .nfproj derives from $(Board)).</summary>
    public static string DefineConstant(string boardId) => "BOARD_" + boardId.ToUpperInvariant().Replace('-', '_');

    private static string GenerateBoard(BoardFile board)
    {
        var w = new CodeWriter();
        Header(w, $"boards/{board.Board}.json");
        w.Line("using VirtioMmio.App.Board;");
        w.Line();
        w.Line($"namespace {Namespace}");
        w.Open();
        w.Line("/// <summary>");
        w.Line($"/// {System.Security.SecurityElement.Escape(board.Description)}");
        w.Line("/// </summary>");
        w.Line($"public static class {ClassName(board.Board)}");
        w.Open();
        w.Line($"public const string Id = {Str(board.Board)};");
        w.Line();
        w.Line("public static BoardDefinition Create()");
        w.Open();
        w.Line("return new BoardDefinition(");
        w.Indent();
        w.Line($"id: {Str(board.Board)},");
        w.Line($"nanoffTarget: {Str(board.NanoffTarget)},");
        w.Line($"uartTxPin: {board.Uart.TxPin},");
        w.Line($"uartRxPin: {board.Uart.RxPin},");
        w.Line($"baudRate: {board.Uart.Baud},");
        w.Line($"statusLedPin: {board.StatusLedPin},");
        w.Line($"interruptPin: {(board.InterruptPin is int irq ? irq.ToString(CultureInfo.InvariantCulture) : "BoardDefinition.NoPin")},");
        w.Line($"memoryWindowBase: 0x{board.MemoryWindowBase:X}UL,");
        w.Line($"memoryWindowSize: {board.MemoryWindowSize},");
        w.Line($"queueSize: {board.QueueSize},");
        w.Line("clocks: new ClockOutputDefinition[]");
        w.Open();
        foreach (ClockResource clock in board.Clocks)
        {
            string rates = clock.Rates is { Count: > 0 } list
                ? "new uint[] { " + string.Join(", ", list.Select(r => r.ToString(CultureInfo.InvariantCulture))) + " }"
                : "new uint[0]";
            w.Line($"new ClockOutputDefinition({Str(clock.Name)}, id: {clock.Id}, ledcChannel: {clock.LedcChannel}, pin: {clock.Pin}, "
                + $"minHz: {clock.LowestHz}, maxHz: {clock.HighestHz}, rates: {rates}, initialHz: {clock.EffectiveInitialHz}),");
        }

        w.Close("},");
        w.Line("regulators: new RegulatorOutputDefinition[]");
        w.Open();
        foreach (RegulatorResource regulator in board.Regulators)
        {
            string selects = regulator.VoltageSelectPins.Count > 0
                ? "new int[] { " + string.Join(", ", regulator.VoltageSelectPins) + " }"
                : "new int[0]";
            w.Line($"new RegulatorOutputDefinition({Str(regulator.Name)}, enablePin: {regulator.EnablePin}, minMv: {regulator.MinMv}, maxMv: {regulator.MaxMv}, "
                + $"stepMv: {regulator.EffectiveStepMv}, voltageSelectPins: {selects}, initialMv: {regulator.EffectiveInitialMv}),");
        }

        w.Close("});");
        w.Outdent();
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static string GenerateSelector(IReadOnlyList<BoardFile> boards)
    {
        var w = new CodeWriter();
        Header(w, "boards/*.json");
        w.Line("using VirtioMmio.App.Board;");
        w.Line();
        w.Line($"namespace {Namespace}");
        w.Open();
        w.Line("/// <summary>");
        w.Line("/// The board this firmware image is built for: MSBuild property Board (e.g. /p:Board=esp32-s3-devkitc-1)");
        w.Line($"/// defines BOARD_*; without it the image is built for {DefaultBoard}.");
        w.Line("/// </summary>");
        w.Line("public static class CompiledBoard");
        w.Open();
        w.Line("public static BoardDefinition Create()");
        w.Open();
        string keyword = "#if";
        BoardFile? fallback = null;
        foreach (BoardFile board in boards.OrderBy(b => b.Board, StringComparer.Ordinal))
        {
            if (board.Board == DefaultBoard)
            {
                fallback = board;
                continue;
            }

            w.Raw($"{keyword} {DefineConstant(board.Board)}");
            w.Line($"return {ClassName(board.Board)}.Create();");
            keyword = "#elif";
        }

        fallback ??= boards.OrderBy(b => b.Board, StringComparer.Ordinal).FirstOrDefault();
        if (fallback is null)
        {
            w.Line("throw new System.NotSupportedException();");
        }
        else if (keyword == "#if")
        {
            w.Line($"return {ClassName(fallback.Board)}.Create();");
        }
        else
        {
            w.Raw("#else");
            w.Line($"return {ClassName(fallback.Board)}.Create();");
            w.Raw("#endif");
        }

        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void Header(CodeWriter w, string source)
    {
        w.Line("// <auto-generated>");
        w.Line($"// Generated from {source} by host-tests/src/Boards. Do not edit: change the JSON, then run");
        w.Line("//   dotnet run --project host-tests/src/Boards -- generate");
        w.Line("// Boards.Tests fails while this file is stale.");
        w.Line("// </auto-generated>");
    }

    private static string Str(string value) => "\"" + Escape(value) + "\"";

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private sealed class CodeWriter
    {
        private readonly StringBuilder _text = new();
        private int _depth;

        public void Line(string line = "")
        {
            if (line.Length > 0)
            {
                _text.Append(' ', _depth * 4).Append(line);
            }

            _text.Append('\n');
        }

        /// <summary>A preprocessor line, always in column 0.</summary>
        public void Raw(string line) => _text.Append(line).Append('\n');

        public void Open()
        {
            Line("{");
            _depth++;
        }

        public void Close(string closing = "}")
        {
            _depth--;
            Line(closing);
        }

        public void Indent() => _depth++;

        public void Outdent() => _depth--;

        public override string ToString() => _text.ToString();
    }
}
