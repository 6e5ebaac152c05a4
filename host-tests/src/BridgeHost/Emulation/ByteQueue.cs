namespace BridgeHost.Emulation;

/// <summary>An unbounded in-memory byte FIFO with blocking reads: one direction of an in-process link.</summary>
public sealed class ByteQueue
{
    private readonly Queue<byte> _bytes = new();
    private bool _closed;

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_bytes)
        {
            if (_closed)
            {
                throw new IOException("queue closed");
            }

            foreach (byte b in data)
            {
                _bytes.Enqueue(b);
            }

            Monitor.PulseAll(_bytes);
        }
    }

    /// <summary>Reads what is available, waiting up to <paramref name="timeout"/>. Returns 0 on timeout, -1 when closed and drained.</summary>
    public int Read(Span<byte> buffer, TimeSpan timeout)
    {
        lock (_bytes)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (_bytes.Count == 0)
            {
                if (_closed)
                {
                    return -1;
                }

                TimeSpan left = deadline - DateTime.UtcNow;
                if (timeout != Timeout.InfiniteTimeSpan && left <= TimeSpan.Zero)
                {
                    return 0;
                }

                Monitor.Wait(_bytes, timeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : left);
            }

            int n = Math.Min(buffer.Length, _bytes.Count);
            for (int i = 0; i < n; i++)
            {
                buffer[i] = _bytes.Dequeue();
            }

            return n;
        }
    }

    public void Close()
    {
        lock (_bytes)
        {
            _closed = true;
            Monitor.PulseAll(_bytes);
        }
    }
}
