using System.Net;
using Bridge.Tests.Support;
using BridgeHost.Emulation;
using RestoreSuite;
using Runner;
using Runner.Cli;
using VirtioMmio.App;

namespace Bridge.Tests.Runner;

/// <summary>
/// The CLI against the emulated board over the bridge: what <c>--target tcp://</c> to a separately started emulator
/// and <c>--target pty:</c> do, with the emulator in this process.
/// </summary>
public sealed class RunnerBridgeTests
{
    private static EmulatedBoard Board() => new(StandardDeviceSet.CreateSimulated, "runner-test", "fw-test");

    private static void AssertWholeSuitePassed(string target, int code, string output, string error)
    {
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.True(code == ExitCodes.AllPassed, output + error);
        int skipped = lines.Count(l => l.StartsWith("SKIP ", StringComparison.Ordinal));
        Assert.Equal($"{Scenarios.All.Count - skipped} passed, 0 failed", lines[^1]);
        Assert.Contains(target, lines[0]);
        Assert.All(Scenarios.All, s => Assert.Contains(lines, l => l.StartsWith(s.Name + " ", StringComparison.Ordinal) && (l.Contains(" PASS ") || l.Contains(" SKIP "))));
    }

    [Fact]
    public void The_whole_suite_passes_over_tcp()
    {
        using var server = new TcpBridgeServer(Board(), new IPEndPoint(IPAddress.Loopback, 0));
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };

        int code = Program.Run(["--target", server.Uri], output, error, DefaultEnvironment.Create());

        AssertWholeSuitePassed(server.Uri, code, output.ToString(), error.ToString());
    }

    [LinkFact(LinkKind.Pty)]
    public void The_whole_suite_passes_over_a_pty()
    {
        EmulatedBoard board = Board();
        using var pty = new PseudoTerminal();
        using var stop = new CancellationTokenSource();
        var device = new Thread(() => board.Serve(pty.Channel, stop.Token)) { IsBackground = true, Name = "runner-test-device" };
        device.Start();
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        string target = "pty:" + pty.SlavePath;

        int code = Program.Run(["--target", target], output, error, DefaultEnvironment.Create());

        stop.Cancel();
        device.Join(TimeSpan.FromSeconds(5));
        AssertWholeSuitePassed(target, code, output.ToString(), error.ToString());
    }
}
