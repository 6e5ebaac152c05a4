using System.Net;
using BridgeHost.Emulation;
using Runner;
using Runner.Cli;
using VirtioMmio.App;

namespace Bridge.Tests.Runner;

/// <summary>The CLI against the emulated board over the bridge, as with <c>--target tcp://</c> to a separate emulator.</summary>
public sealed class RunnerBridgeTests
{
    /// <summary>
    /// A cross-section of the suite (noirq path, two queues, legacy, hibernation, clock outputs) plus S9, which needs a
    /// device-side config change the bridge cannot trigger and so is skipped. The whole suite over every transport is
    /// the bridge tests' job; this checks the runner's wiring of bridge targets.
    /// </summary>
    [Fact]
    public void Scenarios_pass_over_tcp_and_one_the_bridge_cannot_run_is_skipped()
    {
        var board = new EmulatedBoard(StandardDeviceSet.CreateSimulated, "runner-test", "fw-test");
        using var server = new TcpBridgeServer(board, new IPEndPoint(IPAddress.Loopback, 0));
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        string[] scenarios = ["S2-noirq-happy-path", "S2-noirq-happy-path-2q", "S8-legacy-v1", "S7-hibernation-new-addresses", "CLK-no-glitch-s2idle", "S9-config-change-while-asleep"];

        int code = Program.Run(["--target", server.Uri, .. scenarios.SelectMany(s => new[] { "-s", s })], output, error, DefaultEnvironment.Create());

        string[] lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.True(code == ExitCodes.AllPassed, output.ToString() + error);
        Assert.Equal("5 passed, 0 failed", lines[^1]);
        Assert.Contains(server.Uri, lines[0]);
        Assert.Contains(lines, l => l.StartsWith("SKIP S9-config-change-while-asleep: ", StringComparison.Ordinal));
    }
}
