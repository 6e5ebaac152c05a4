using Runner.Cli;

namespace Bridge.Tests.Runner;

public sealed class TargetSpecTests
{
    [Theory]
    [InlineData("inproc")]
    [InlineData("INPROC")]
    public void Inproc_is_the_in_process_emulator(string text)
    {
        Assert.Equal(TargetKind.InProcess, TargetSpec.TryParse(text, out _)!.Kind);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:5555", "127.0.0.1", 5555)]
    [InlineData("tcp://localhost:1/", "localhost", 1)]
    [InlineData("tcp://[::1]:65535", "::1", 65535)]
    public void Tcp_gives_host_and_port(string text, string host, int port)
    {
        TargetSpec spec = TargetSpec.TryParse(text, out string? error)!;
        Assert.Null(error);
        Assert.Equal((TargetKind.Tcp, host, port, text), (spec.Kind, spec.Host, spec.Port, spec.Uri));
    }

    [Theory]
    [InlineData("serial:/dev/ttyUSB0", "/dev/ttyUSB0", 921600)]
    [InlineData("serial:/dev/pts/7?baud=115200", "/dev/pts/7", 115200)]
    [InlineData("serial:COM3?baud=921600", "COM3", 921600)]
    public void Serial_gives_device_and_baud_defaulting_to_921600(string text, string device, int baud)
    {
        TargetSpec spec = TargetSpec.TryParse(text, out string? error)!;
        Assert.Null(error);
        Assert.Equal((TargetKind.Serial, device, baud), (spec.Kind, spec.Device, spec.Baud));
    }

    [Fact]
    public void Pty_is_a_device_path_behind_the_serial_code_path()
    {
        TargetSpec spec = TargetSpec.TryParse("pty:/dev/pts/3", out _)!;
        Assert.Equal((TargetKind.Pty, "/dev/pts/3", 921600), (spec.Kind, spec.Device, spec.Baud));
    }

    [Theory]
    [InlineData("udp://h:1", "unknown target")]
    [InlineData("tcp://:5555", "expected tcp://HOST:PORT")]
    [InlineData("tcp://h:", "expected tcp://HOST:PORT")]
    [InlineData("tcp://h:0", "port must be")]
    [InlineData("tcp://h:+5", "port must be")]
    [InlineData("tcp://h:65536", "port must be")]
    [InlineData("serial:", "missing device")]
    [InlineData("pty:", "missing device")]
    [InlineData("serial:/dev/x?baud=0", "baud must be")]
    [InlineData("serial:/dev/x?parity=even", "unknown serial parameter")]
    public void Malformed_targets_are_rejected_with_a_reason(string text, string reason)
    {
        Assert.Null(TargetSpec.TryParse(text, out string? error));
        Assert.Contains(reason, error);
    }
}
