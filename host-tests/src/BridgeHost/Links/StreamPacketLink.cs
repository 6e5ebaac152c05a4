using System.Collections.Concurrent;
using BridgeHost.Protocol;
using LinuxVirtio.Bus;

namespace BridgeHost.Links;

/// <summary>
/// SLIP-framed packets over any byte stream (TCP socket, serial port, pseudo-terminal). A background thread reads
/// and de-frames; the caller's thread sends and receives.
/// </summary>
public sealed class StreamPacketLink : IPacketLink
{
    private readonly Stream _stream;
    private readonly IDisposable? _owner;
    private readonly BlockingCollection<byte[]> _received = new();
    private readonly Thread _reader;
    private readonly object _sendLock = new();
    private volatile bool _disposed;
    private volatile string? _closedReason;

    /// <param name="owner">Disposed together with the link (the TcpClient or SerialPort behind the stream).</param>
    public StreamPacketLink(Stream stream, string description, int maxFrame = 65536, IDisposable? owner = null)
    {
        _stream = stream;
        _owner = owner;
        Description = description;
        var slip = new SlipReader(maxFrame);
        _reader = new Thread(() => ReadLoop(slip)) { IsBackground = true, Name = $"bridge-rx {description}" };
        _reader.Start();
    }

    public string Description { get; }

    /// <summary>Frames dropped by the de-framer (overlong or broken escape).</summary>
    public int DroppedFrames { get; private set; }

    public void Send(ReadOnlySpan<byte> packet)
    {
        byte[] frame = Slip.Encode(packet);
        lock (_sendLock)
        {
            try
            {
                _stream.Write(frame);
                _stream.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                throw new BusException($"{Description}: send failed: {e.Message}", e);
            }
        }
    }

    public bool TryReceive(TimeSpan timeout, out byte[] packet)
    {
        if (_received.TryTake(out packet!, timeout))
        {
            return true;
        }

        if (_closedReason != null && _received.Count == 0)
        {
            throw new BusException($"{Description}: link closed ({_closedReason})");
        }

        return false;
    }

    private void ReadLoop(SlipReader slip)
    {
        var buffer = new byte[4096];
        try
        {
            while (!_disposed)
            {
                int n;
                try
                {
                    n = _stream.Read(buffer, 0, buffer.Length);
                }
                catch (TimeoutException)
                {
                    continue;
                }

                if (n <= 0)
                {
                    _closedReason = "end of stream";
                    break;
                }

                slip.Push(buffer.AsSpan(0, n), frame => _received.Add(frame));
                DroppedFrames = slip.DroppedFrames;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            _closedReason = e.Message;
        }
        finally
        {
            _closedReason ??= "disposed";
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
        }

        _owner?.Dispose();
        _reader.Join(TimeSpan.FromSeconds(2));
    }
}
