using BridgeHost.Links;

namespace Bridge.Tests;

public class EndpointTests
{
    [Theory]
    [InlineData("tcp://127.0.0.1:5555", "tcp", "127.0.0.1", 5555, "", 0)]
    [InlineData("tcp://[::1]:80/", "tcp", "::1", 80, "", 0)]
    [InlineData("serial:/dev/ttyUSB0?baud=921600", "serial", "", 0, "/dev/ttyUSB0", 921600)]
    [InlineData("serial:/dev/ttyACM1", "serial", "", 0, "/dev/ttyACM1", 921600)]
    [InlineData("pty:/dev/pts/3?baud=115200", "pty", "", 0, "/dev/pts/3", 115200)]
    public void Target_uris_parse(string uri, string scheme, string host, int port, string path, int baud) =>
        Assert.Equal(new BridgeEndpoint(scheme, host, port, path, baud), BridgeEndpoint.Parse(uri));

    [Theory]
    [InlineData("tcp://127.0.0.1")]
    [InlineData("tcp://127.0.0.1:0")]
    [InlineData("tcp://127.0.0.1:65536")]
    [InlineData("tcp://:5555")]
    [InlineData("serial:")]
    [InlineData("serial:/dev/ttyUSB0?baud=fast")]
    [InlineData("serial:/dev/ttyUSB0?parity=odd")]
    [InlineData("udp://127.0.0.1:5555")]
    [InlineData("/dev/ttyUSB0")]
    public void Malformed_target_uris_are_refused_with_a_message(string uri)
    {
        var e = Assert.Throws<FormatException>(() => BridgeEndpoint.Parse(uri));
        Assert.Contains(uri, e.Message);
    }

    [Fact]
    public void Nothing_listening_is_a_bus_error_not_a_hang()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Assert.Throws<LinuxVirtio.Bus.BusException>(() => BridgeHost.BridgeTarget.Open($"tcp://127.0.0.1:{port}"));
        Assert.Throws<LinuxVirtio.Bus.BusException>(() => BridgeHost.BridgeTarget.Open("serial:/dev/no-such-tty"));
    }
}
