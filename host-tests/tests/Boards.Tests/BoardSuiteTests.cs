using BridgeHost;
using BridgeHost.Emulation;
using BridgeHost.Links;
using RestoreSuite;
using VirtioMmio.App.Board;

namespace Boards.Tests;

/// <summary>
/// The restore-protocol suite's clock and regulator scenarios against the firmware as built for each real board,
/// on simulated pins, over the bridge: what `--target serial:…` runs against a flashed board.
/// </summary>
public sealed class BoardSuiteTests
{
    public static TheoryData<string, string> BoardScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (string board in RepositoryPaths.BoardIds)
        {
            foreach (IScenario scenario in Scenarios.All.Where(s => s.DeviceKind is DeviceKinds.Clock or DeviceKinds.Regulator))
            {
                data.Add(board, scenario.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BoardScenarios))]
    public void Output_scenarios_pass_against_the_board_firmware(string boardId, string scenarioName)
    {
        BoardDefinition board = BoardDefinitions.Load(RepositoryPaths.Boards, boardId);
        var firmware = new BoardFirmware(board, new SimulatedBoardHardware(), 0xB007_0001, "virtio-firmware test", 0);
        using var link = new InProcessLink();
        using var stop = new CancellationTokenSource();
        var loop = new Thread(() =>
        {
            long now = 0;
            while (!stop.IsCancellationRequested && firmware.Service(link.DeviceChannel, now++))
            {
            }
        }) { IsBackground = true };
        loop.Start();

        try
        {
            using var target = new BridgeTarget(new StreamPacketLink(link.HostStream, "in-process " + boardId));
            ScenarioOutcome outcome = Scenarios.Find(scenarioName)!.Run(new ScenarioContext(target, new KernelOptions()));

            Assert.False(outcome.Skipped, outcome.Failure);
            Assert.True(outcome.Passed, outcome.Failure);
        }
        finally
        {
            stop.Cancel();
            link.Dispose();
            loop.Join(TimeSpan.FromSeconds(5));
        }
    }
}
