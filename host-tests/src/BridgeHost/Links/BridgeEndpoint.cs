using System.IO.Ports;
using System.Net.Sockets;

namespace BridgeHost.Links;

/// <summary>
/// Where a bridge device is: <c>tcp://HOST:PORT</c>, <c>serial:/dev/ttyUSB0?baud=921600</c>, or
/// <c>pty:/dev/pts/N</c> (a pseudo-terminal, opened through exactly the serial code path).
/// </summary>
public sealed record BridgeEndpoint(string Scheme, string Host, int Port, string Path, int Baud)
{
    public const int DefaultBaud = 921600;

    public override string ToString() => Scheme == "tcp" ? $"tcp://{Host}:{Port}" : $"{Scheme}:{Path}?baud={Baud}";

    /// <summary>Parses a target URI; throws <see cref="FormatException"/> with a clear message when it is malformed.</summary>
    public static BridgeEndpoint Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            string rest = uri["tcp://".Length..].TrimEnd('/');
            int colon = rest.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(rest[(colon + 1)..], out int port) || port is < 1 or > 65535)
            {
                throw new FormatException($"'{uri}': expected tcp://HOST:PORT with a port 1..65535");
            }

            return new BridgeEndpoint("tcp", rest[..colon].Trim('[', ']'), port, "", 0);
        }

        foreach (string scheme in new[] { "serial", "pty" })
        {
            if (!uri.StartsWith(scheme + ":", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string rest = uri[(scheme.Length + 1)..];
            int baud = DefaultBaud;
            int q = rest.IndexOf('?');
            if (q >= 0)
            {
                foreach (string pair in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    string[] kv = pair.Split('=', 2);
                    if (kv.Length != 2 || kv[0] != "baud" || !int.TryParse(kv[1], out baud) || baud <= 0)
                    {
                        throw new FormatException($"'{uri}': the only option is baud=N (a positive number)");
                    }
                }

                rest = rest[..q];
            }

            if (rest.Length == 0)
            {
                throw new FormatException($"'{uri}': missing device path, e.g. {scheme}:/dev/ttyUSB0");
            }

            return new BridgeEndpoint(scheme, "", 0, rest, baud);
        }

        throw new FormatException($"'{uri}': expected tcp://HOST:PORT, serial:/dev/ttyUSB0?baud=921600 or pty:/dev/pts/N");
    }

    /// <summary>Opens the byte link to the device.</summary>
    public IPacketLink Open(TimeSpan connectTimeout)
    {
        if (Scheme == "tcp")
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                if (!client.ConnectAsync(Host, Port).Wait(connectTimeout))
                {
                    throw new LinuxVirtio.Bus.BusException($"{this}: connection timed out");
                }
            }
            catch (AggregateException e) when (e.InnerException is SocketException s)
            {
                client.Dispose();
                throw new LinuxVirtio.Bus.BusException($"{this}: {s.Message}", s);
            }

            return new StreamPacketLink(client.GetStream(), ToString(), owner: client);
        }

        // System.IO.Ports reports a missing device node as "access denied"; say what is really wrong.
        if (!OperatingSystem.IsWindows() && !File.Exists(Path))
        {
            throw new LinuxVirtio.Bus.BusException($"{this}: cannot open: no such serial device '{Path}'");
        }

        var port = new SerialPort(Path, Baud, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = 200,
            WriteTimeout = 2000,
            ReadBufferSize = 65536,
            WriteBufferSize = 65536,
        };
        try
        {
            port.Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            port.Dispose();
            throw new LinuxVirtio.Bus.BusException($"{this}: cannot open: {e.Message}", e);
        }

        port.DiscardInBuffer();
        return new StreamPacketLink(port.BaseStream, ToString(), owner: port);
    }
}
