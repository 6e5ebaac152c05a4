using System.Diagnostics;
using System.Net.Sockets;
using Bridge.Tests.Support;
using BridgeHost;
using Emulator;
using VirtioMmio.App;

namespace Bridge.Tests;

/// <summary>virtio-emu as a separate process: start, print where it listens, serve, stop cleanly on SIGTERM/SIGINT.</summary>
public class EmulatorTests
{
    private static Process StartEmulator(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "virtio-emu.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {process.Id}");
        kill.WaitForExit();
    }

    private static (int ExitCode, string Stderr) StopWith(Process process, string signal)
    {
        Signal(process, signal);
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(15000), "the emulator did not stop");
        return (process.ExitCode, stderr.Result);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void Emulator_listens_on_a_printed_port_serves_the_suite_and_stops_cleanly(string signal)
    {
        using var emulator = StartEmulator("--listen", "127.0.0.1:0");
        try
        {
            string? line = emulator.StandardOutput.ReadLine();
            Assert.NotNull(line);
            Assert.StartsWith("listening on tcp://127.0.0.1:", line);
            string uri = line!["listening on ".Length..];
            Assert.NotEqual("tcp://127.0.0.1:0", uri);

            using (var target = BridgeTarget.Open(uri))
            {
                Assert.Equal(StandardDeviceSet.SlotCount, target.Devices.Count);
                using var bus = target.OpenBus(StandardDeviceSet.Test1QSlot);
                var probe = new VirtioProbe(bus, bus.MemoryBase + 0x3000);
                probe.Probe();
                Assert.Equal(new byte[] { 1, 2, 3 }, probe.Echo(new byte[] { 1, 2, 3 }));
                Assert.Equal(1u, target.ReadCounters(StandardDeviceSet.Test1QSlot).Notifies);
            }

            var (exitCode, stderr) = StopWith(emulator, signal);
            Assert.Equal(0, exitCode);
            Assert.Contains("stopped", stderr);
            Assert.Throws<SocketException>(() => new TcpClient().Connect("127.0.0.1", new Uri(uri).Port));
        }
        finally
        {
            if (!emulator.HasExited)
            {
                emulator.Kill();
            }
        }
    }

    [LinkFact(LinkKind.Pty)]
    public void Emulator_serves_a_board_definition_on_a_pty()
    {
        using var emulator = StartEmulator("--pty", "--board", "esp32-devkitc");
        try
        {
            string? line = emulator.StandardOutput.ReadLine();
            Assert.NotNull(line);
            Assert.StartsWith("pty /dev/", line);
            using (var target = BridgeTarget.Open("pty:" + line!["pty ".Length..]))
            {
                string boards = Path.Combine(Boards.RepositoryLayout.FindRoot(AppContext.BaseDirectory)!, Boards.RepositoryLayout.BoardsDirectory);
                var definition = Boards.BoardDefinitions.Load(boards, "esp32-devkitc");
                Assert.Equal("esp32-devkitc", target.Info.BoardId);
                Assert.Equal(definition.MemoryWindowBase, target.Info.MemoryBase);
                Assert.Equal((uint)definition.MemoryWindowSize, target.Info.MemorySize);
                Assert.All(target.Info.Slots, slot => Assert.Equal(definition.QueueSize, slot.QueueMaxSizes[0]));
                using var bus = target.OpenBus(StandardDeviceSet.Test2QSlot);
                var probe = new VirtioProbe(bus, bus.MemoryBase + 0x1000);
                probe.Probe();
                Assert.Equal(new byte[] { 9 }, probe.Echo(new byte[] { 9 }));
            }

            Assert.Equal(0, StopWith(emulator, "TERM").ExitCode);
        }
        finally
        {
            if (!emulator.HasExited)
            {
                emulator.Kill();
            }
        }
    }

    [Theory]
    [InlineData(2, "--board", "no-such-board")]
    [InlineData(2, "--listen", "not-an-endpoint")]
    [InlineData(2, "--listen", "127.0.0.1:70000")]
    [InlineData(2, "--no-such-option")]
    [InlineData(2, "--serial", "/dev/virtio-emu-test-missing", "--baud", "0")]
    [InlineData(2, "--serial", "/dev/virtio-emu-test-missing", "--baud", "-5")]
    public void Bad_arguments_are_refused_with_a_message_and_a_non_zero_exit_code(int expectedExit, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = new EmulatorCommand(output, error).Run(args, new CancellationToken(canceled: true));
        Assert.Equal(expectedExit, exit);
        Assert.NotEqual("", error.ToString().Trim());
        Assert.DoesNotContain("   at ", error.ToString()); // a message, not a stack trace
        Assert.DoesNotContain("listening", output.ToString());
    }

    [Fact]
    public void A_missing_serial_device_is_named_as_missing_not_as_access_denied()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // COM port names are not files there
        }

        var error = new StringWriter();
        int exit = new EmulatorCommand(new StringWriter(), error).Run(["--serial", "/dev/virtio-emu-test-missing"], new CancellationToken(canceled: true));
        Assert.Equal(1, exit);
        Assert.Contains("no such serial device '/dev/virtio-emu-test-missing'", error.ToString());
    }
}
