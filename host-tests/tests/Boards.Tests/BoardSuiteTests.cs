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

    private static IReadOnlyList<LinuxVirtio.Drivers.RegulatorNode> RegulatorTree(BoardFirmware firmware)
    {
        var nodes = new List<LinuxVirtio.Drivers.RegulatorNode>();
        for (int i = 0; i < firmware.Regulator.RegulatorCount; i++)
        {
            nodes.Add(RegulatorTrees.NodeFor(firmware.Regulator.GetDescriptor(i)));
        }

        return nodes;
    }

    public static TheoryData<string, string> BoardRegulatorScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (string board in RepositoryPaths.BoardIds)
        {
            foreach (IScenario scenario in Scenarios.All.Where(s => s.DeviceKind == DeviceKinds.Regulator))
            {
                data.Add(board, scenario.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BoardScenarios))]
    public void Scenario_passes_against_the_board_firmware(string boardId, string scenarioName) =>
        RunScenario(boardId, scenarioName, useBoardTree: true);

    /// <summary>A serial run that knows nothing of the board uses the suite's standard regulator tree: the boards match it.</summary>
    [Theory]
    [MemberData(nameof(BoardRegulatorScenarios))]
    public void Regulator_scenarios_pass_with_the_standard_device_tree(string boardId, string scenarioName) =>
        RunScenario(boardId, scenarioName, useBoardTree: false);

    private static void RunScenario(string boardId, string scenarioName, bool useBoardTree)
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
            // The guest device tree a BSP engineer writes for this board: its regulators, by name, with their ranges.
            var context = new ScenarioContext(target, new KernelOptions()) { RegulatorTree = useBoardTree ? RegulatorTree(firmware) : null };
            ScenarioOutcome outcome = Scenarios.Find(scenarioName)!.Run(context);

            Assert.True(outcome.Passed, outcome.Failure);
            Assert.False(outcome.Skipped && scenarioName != "S9-config-change-while-asleep", outcome.Failure); // only S9 may need a device-side hook
        }
        finally
        {
            stop.Cancel();
            link.Dispose();
            loop.Join(TimeSpan.FromSeconds(5));
        }
    }
}
