using VirtioMmio.App.Board;

namespace Boards.Tests;

/// <summary>
/// The heap budget of docs/firmware.md: everything the firmware allocates happens while BoardFirmware is built,
/// and it fits the budget. Measured on .NET (16-byte object headers on x64, larger than nanoFramework's), so the
/// figure is an upper bound for the device.
/// </summary>
public sealed class HeapBudgetTests
{
    /// <summary>docs/firmware.md: start-up allocation, excluding the memory window itself.</summary>
    public const int StartupBudgetBytes = 24 * 1024;

    public static TheoryData<string> BoardIds() => new(RepositoryPaths.BoardIds);

    [Theory]
    [MemberData(nameof(BoardIds))]
    public void Start_up_allocates_the_memory_window_plus_at_most_the_budget(string boardId)
    {
        BoardDefinition board = BoardDefinitions.Load(RepositoryPaths.Boards, boardId);
        var hardware = new SimulatedBoardHardware { Recording = false };
        _ = new BoardFirmware(board, new SimulatedBoardHardware { Recording = false }, 1, "warm-up", 0); // JIT and statics

        long before = GC.GetAllocatedBytesForCurrentThread();
        var firmware = new BoardFirmware(board, hardware, 1, "virtio-firmware 1.0.0", 0);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        long beyondWindow = allocated - board.MemoryWindowSize;
        Assert.True(beyondWindow > 0);
        Assert.True(beyondWindow <= StartupBudgetBytes, $"{boardId}: start-up allocated {allocated} bytes, {beyondWindow} beyond the {board.MemoryWindowSize}-byte window (budget {StartupBudgetBytes})");
        GC.KeepAlive(firmware);
    }
}
