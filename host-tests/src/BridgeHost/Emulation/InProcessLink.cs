using VirtioMmio.App;

namespace BridgeHost.Emulation;

/// <summary>
/// A byte pipe entirely in memory: <see cref="HostStream"/> for the host's <see cref="Links.StreamPacketLink"/>,
/// <see cref="DeviceChannel"/> for the device's <see cref="BridgeLoop"/>. Same bytes, same framing as a socket.
/// </summary>
public sealed class InProcessLink : IDisposable
{
    private readonly ByteQueue _toDevice = new();
    private readonly ByteQueue _toHost = new();

    public InProcessLink()
    {
        HostStream = new QueueStream(_toHost, _toDevice);
        DeviceChannel = new QueueChannel(_toDevice, _toHost);
    }

    public Stream HostStream { get; }

    public IByteChannel DeviceChannel { get; }

    public void Dispose()
    {
        _toDevice.Close();
        _toHost.Close();
    }

    private sealed class QueueChannel(ByteQueue input, ByteQueue output) : IByteChannel
    {
        public int Read(byte[] buffer, int offset, int count) =>
            input.Read(buffer.AsSpan(offset, count), TimeSpan.FromMilliseconds(50));

        public bool Write(byte[] buffer, int offset, int count)
        {
            try
            {
                output.Write(buffer.AsSpan(offset, count));
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    private sealed class QueueStream(ByteQueue input, ByteQueue output) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = input.Read(buffer.AsSpan(offset, count), Timeout.InfiniteTimeSpan);
            return n < 0 ? 0 : n;
        }

        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer.AsSpan(offset, count));

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            input.Close();
            output.Close();
            base.Dispose(disposing);
        }
    }
}
