using Runner.Cli;

namespace Bridge.Tests.Runner;

public sealed class TargetSpecTests
{
    [Theory]
    [InlineData("inproc")]
    [InlineData("INPROC")]
    public void Inproc_is_the_in_process_emulator(string text)
    {
        TargetSpec spec = TargetSpec.TryParse(text, out _)!;
        Assert.Equal(TargetKind.InProcess, spec.Kind);
        Assert.Null(spec.Endpoint);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:5555", "127.0.0.1", 5555)]
    [InlineData("tcp://localhost:1/", "localhost", 1)]
    [InlineData("tcp://[::1]:65535", "::1", 65535)]
    public void Tcp_gives_host_and_port(string text, string host, int port)
    {
        TargetSpec spec = TargetSpec.TryParse(text, out string? error)!;
        Assert.Null(error);
        Assert.Equal((TargetKind.Tcp, host, port, text), (spec.Kind, spec.Endpoint!.Host, spec.Endpoint.Port, spec.Uri));
    }

    [Theory]
    [InlineData("serial:/dev/ttyUSB0", TargetKind.Serial, "/dev/ttyUSB0", 921600)]
    [InlineData("serial:/dev/pts/7?baud=115200", TargetKind.Serial, "/dev/pts/7", 115200)]
    [InlineData("serial:COM3?baud=921600", TargetKind.Serial, "COM3", 921600)]
    [InlineData("pty:/dev/pts/3", TargetKind.Pty, "/dev/pts/3", 921600)]
    public void Serial_and_pty_give_device_and_baud_defaulting_to_921600(string text, TargetKind kind, string device, int baud)
    {
        TargetSpec spec = TargetSpec.TryParse(text, out string? error)!;
        Assert.Null(error);
        Assert.Equal((kind, device, baud), (spec.Kind, spec.Endpoint!.Path, spec.Endpoint.Baud));
    }

    [Theory]
    [InlineData("udp://h:1")]
    [InlineData("tcp://:5555")]
    [InlineData("tcp://h:")]
    [InlineData("tcp://h:0")]
    [InlineData("tcp://h:65536")]
    [InlineData("serial:")]
    [InlineData("pty:")]
    [InlineData("serial:/dev/x?baud=0")]
    [InlineData("serial:/dev/x?parity=even")]
    public void Malformed_targets_are_rejected_with_a_reason_and_the_syntax(string text)
    {
        Assert.Null(TargetSpec.TryParse(text, out string? error));
        Assert.Contains(text, error);
        Assert.Contains(TargetSpec.Syntax, error);
    }
}
