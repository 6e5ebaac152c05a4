using System.IO.Ports;
using VirtioMmio.App;

namespace BridgeHost.Emulation;

/// <summary>The device side of the bridge over a serial port (e.g. one end of a socat pty pair).</summary>
public sealed class SerialByteChannel : IByteChannel, IDisposable
{
    private readonly SerialPort _port;

    public SerialByteChannel(string path, int baud)
    {
        // System.IO.Ports reports a missing device node as "access denied"; say what is really wrong.
        if (!OperatingSystem.IsWindows() && !File.Exists(path))
        {
            throw new IOException($"no such serial device '{path}'");
        }

        _port = new SerialPort(path, baud, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = 50,
            WriteTimeout = 2000,
        };
        _port.Open();
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return _port.Read(buffer, offset, count);
        }
        catch (TimeoutException)
        {
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            return -1;
        }
    }

    public bool Write(byte[] buffer, int offset, int count)
    {
        try
        {
            _port.Write(buffer, offset, count);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or TimeoutException)
        {
            return false;
        }
    }

    public void Dispose() => _port.Dispose();
}
