using VirtioMmio.Bridge;

namespace BridgeHost.Faults;

/// <summary>
/// One direction of the fault-injecting proxy: reads a SLIP byte stream, cuts it at END delimiters into frames,
/// and forwards each frame dropped, corrupted, duplicated, delayed or held back for reordering, as the seeded
/// random source decides. A scheduler thread writes frames out in release-time order.
/// </summary>
internal sealed class FaultPump : IDisposable
{
    private readonly Stream _source;
    private readonly Stream _sink;
    private readonly FaultOptions _options;
    private readonly FaultStatistics _stats;
    private readonly Random _random;
    private readonly PriorityQueue<byte[], (DateTime Release, long Order)> _outgoing = new();
    private readonly Thread _reader;
    private readonly Thread _writer;
    private long _order;
    private volatile bool _stopped;

    public FaultPump(Stream source, Stream sink, FaultOptions options, FaultStatistics stats, int seed, string name)
    {
        _source = source;
        _sink = sink;
        _options = options;
        _stats = stats;
        _random = new Random(seed);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"fault-rx {name}" };
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = $"fault-tx {name}" };
        _reader.Start();
        _writer.Start();
    }

    /// <summary>Set when either side closed.</summary>
    public event Action? Closed;

    private void ReadLoop()
    {
        var buffer = new byte[4096];
        var frame = new List<byte>();
        try
        {
            while (!_stopped)
            {
                int n = _source.Read(buffer, 0, buffer.Length);
                if (n <= 0)
                {
                    break;
                }

                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] != SlipCodec.End)
                    {
                        frame.Add(buffer[i]);
                        continue;
                    }

                    // A frame is forwarded with both delimiters; runs of END between frames collapse.
                    if (frame.Count > 0)
                    {
                        frame.Insert(0, SlipCodec.End);
                        frame.Add(SlipCodec.End);
                        Forward(frame.ToArray());
                        frame.Clear();
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }

        Stop();
    }

    private void Forward(byte[] frame)
    {
        _stats.CountFrame();
        DateTime now = DateTime.UtcNow;
        lock (_outgoing)
        {
            if (Roll(_options.Drop))
            {
                _stats.CountDrop();
                return;
            }

            if (Roll(_options.Corrupt))
            {
                _stats.CountCorrupt();
                frame[_random.Next(frame.Length)] ^= (byte)(1 << _random.Next(8));
            }

            DateTime release = now;
            if (Roll(_options.Delay))
            {
                _stats.CountDelay();
                release += TimeSpan.FromTicks(1 + (long)(_random.NextDouble() * _options.MaxDelay.Ticks));
            }

            if (Roll(_options.Reorder))
            {
                _stats.CountReorder();
                release += _options.ReorderHold;
            }

            _outgoing.Enqueue(frame, (release, _order++));
            if (Roll(_options.Duplicate))
            {
                _stats.CountDuplicate();
                _outgoing.Enqueue((byte[])frame.Clone(), (release + TimeSpan.FromMilliseconds(_random.Next(0, 5)), _order++));
            }

            Monitor.PulseAll(_outgoing);
        }
    }

    private bool Roll(double probability) => probability > 0 && _random.NextDouble() < probability;

    private void WriteLoop()
    {
        try
        {
            while (!_stopped)
            {
                byte[] frame;
                lock (_outgoing)
                {
                    if (!_outgoing.TryPeek(out _, out var key))
                    {
                        Monitor.Wait(_outgoing, 50);
                        continue;
                    }

                    TimeSpan wait = key.Release - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        Monitor.Wait(_outgoing, wait);
                        continue;
                    }

                    frame = _outgoing.Dequeue();
                }

                _sink.Write(frame);
                _sink.Flush();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Stop();
        }
    }

    private void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        lock (_outgoing)
        {
            Monitor.PulseAll(_outgoing);
        }

        Closed?.Invoke();
    }

    public void Dispose()
    {
        Stop();
        _writer.Join(TimeSpan.FromSeconds(1));
    }
}
