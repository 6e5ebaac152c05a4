using VirtioMmio.App.Board;

namespace Boards;

/// <summary>
/// Builds the firmware's <see cref="BoardDefinition"/> straight from a board file, for host-side users
/// (the emulator's --board, tests). The firmware itself gets the same object from the generated C#.
/// </summary>
public static class BoardDefinitions
{
    public static BoardDefinition FromFile(BoardFile board)
    {
        ClockOutputDefinition[] clocks = board.Clocks
            .Select(c => new ClockOutputDefinition(
                c.Name, (uint)c.Id, c.LedcChannel, c.Pin, (uint)c.LowestHz, (uint)c.HighestHz,
                c.Rates is { Count: > 0 } rates ? rates.Select(r => (uint)r).ToArray() : [],
                (uint)c.EffectiveInitialHz))
            .ToArray();
        RegulatorOutputDefinition[] regulators = board.Regulators
            .Select(r => new RegulatorOutputDefinition(
                r.Name, r.EnablePin, (uint)r.MinMv, (uint)r.MaxMv, (uint)r.EffectiveStepMv, r.VoltageSelectPins.ToArray(), (uint)r.EffectiveInitialMv))
            .ToArray();
        return new BoardDefinition(
            board.Board, board.NanoffTarget, board.Uart.TxPin, board.Uart.RxPin, board.Uart.Baud, board.StatusLedPin,
            board.InterruptPin ?? BoardDefinition.NoPin, board.MemoryWindowBase, board.MemoryWindowSize, (ushort)board.QueueSize,
            clocks, regulators);
    }

    /// <summary>Loads and validates boards/&lt;id&gt;.json under <paramref name="boardsDirectory"/>; throws with every diagnostic if it is invalid.</summary>
    public static BoardDefinition Load(string boardsDirectory, string boardId)
    {
        string path = Path.Combine(boardsDirectory, boardId + ".json");
        if (!File.Exists(path))
        {
            BoardCatalog catalog = BoardCatalog.Load(boardsDirectory);
            throw new ArgumentException($"unknown board \"{boardId}\"; known boards: {string.Join(", ", catalog.Ids)}");
        }

        var diagnostics = new List<BoardDiagnostic>();
        BoardFile? board = BoardCatalog.LoadFile(path, "boards/" + boardId + ".json", diagnostics);
        if (board is null)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, diagnostics));
        }

        return FromFile(board);
    }
}
