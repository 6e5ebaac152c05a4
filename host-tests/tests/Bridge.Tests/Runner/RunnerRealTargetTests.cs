using System.Net;
using System.Net.Sockets;
using Runner;
using Runner.Cli;

namespace Bridge.Tests.Runner;

/// <summary>The CLI with the real environment: real targets, real suite.</summary>
public sealed class RunnerRealTargetTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = Program.Run(args, output, error, DefaultEnvironment.Create());
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_tcp_target_nobody_listens_on_exits_3()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, output, error) = Run("--target", $"tcp://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.TargetUnreachable, code);
        Assert.Contains($"cannot reach target 'tcp://127.0.0.1:{port}'", error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void A_serial_port_that_does_not_exist_exits_3()
    {
        string device = "/dev/no-such-tty-" + Guid.NewGuid().ToString("N")[..8];
        var (code, _, error) = Run("--target", "serial:" + device);

        Assert.Equal(ExitCodes.TargetUnreachable, code);
        Assert.Contains("cannot reach target 'serial:/dev/no-such-tty-", error);
        if (!OperatingSystem.IsWindows())
        {
            // Not System.IO.Ports' misleading "access denied".
            Assert.Contains($"no such serial device '{device}'", error);
        }
    }
}
