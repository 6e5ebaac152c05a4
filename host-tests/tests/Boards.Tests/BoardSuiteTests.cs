using BridgeHost;
using BridgeHost.Emulation;
using BridgeHost.Links;
using RestoreSuite;
using VirtioMmio.App.Board;

namespace Boards.Tests;

/// <summary>
/// The whole restore-protocol suite against the firmware as built for each real board, on simulated pins, over the
/// bridge: what `--target serial:…` runs against a flashed board.
/// </summary>
public sealed class BoardSuiteTests
{
    public static TheoryData<string, string> BoardScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (string board in RepositoryPaths.BoardIds)
        {
            foreach (IScenario scenario in Scenarios.All)
            {
                data.Add(board, scenario.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BoardScenarios))]
    public void Scenario_passes_against_the_board_firmware(string boardId, string scenarioName)
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

            // A device-side config change needs a hook into the device; no bridge target (emulator or board) has one.
            Assert.Equal(scenarioName == "S9-config-change-while-asleep", outcome.Skipped);
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
