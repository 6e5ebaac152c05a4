using BridgeHost.Links;
using BridgeHost.Protocol;
using LinuxVirtio.Bus;
using VirtioMmio.Bridge;

namespace BridgeHost;

/// <summary>
/// The host end of one bridge link: opens a session with HELLO, then sends requests stop-and-wait, each with a new
/// sequence number, retransmitting the same bytes on timeout. The device's reply cache makes a retransmission
/// harmless, so every op runs exactly once. Ops can be deferred and go out together with the next op that needs
/// an answer (a batch). Every reply and event is checked for the boot id seen at HELLO; a change throws
/// <see cref="DeviceRestartedException"/>. Interrupt levels are tracked from replies and events, newest epoch wins.
/// Thread-safe (one request at a time).
/// </summary>
public sealed class BridgeClient : IDisposable
{
    private const int MinimumMaxPacket = 128;

    private readonly IPacketLink _link;
    private readonly BridgeClientOptions _options;
    private readonly object _gate = new();
    private readonly List<Deferred> _pending = new();
    private ushort _seq;
    private bool _haveIrq;
    private ushort _irqEpoch;
    private ushort _irqLevels;
    private uint? _restartedTo;
    private ushort _raisedLevels;
    private bool _expectOpsRefused;

    public BridgeClient(IPacketLink link, BridgeClientOptions? options = null)
    {
        _link = link;
        _options = options ?? new BridgeClientOptions();
        Session = _options.Session != 0 ? _options.Session : (ushort)Random.Shared.Next(1, 0x10000);
        _seq = (ushort)Random.Shared.Next(0, 0x10000);
    }

    public string Description => _link.Description;

    public ushort Session { get; private set; }

    /// <summary>The device's information block (after <see cref="Connect"/>).</summary>
    public DeviceInfo Info { get; private set; } = null!;

    public uint BootId { get; private set; }

    /// <summary>Requests sent (first transmissions only).</summary>
    public long RoundTrips { get; private set; }

    /// <summary>Extra transmissions of a request (timeouts, refused frames, busy).</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Interrupt-line levels of all slots (bit n = slot n), as last known.</summary>
    public ushort InterruptLevels
    {
        get
        {
            lock (_gate)
            {
                return _irqLevels;
            }
        }
    }

    /// <summary>Raised on the caller's thread after a request or poll changed the known levels: (old, new).</summary>
    public event Action<ushort, ushort>? InterruptLevelsChanged;

    /// <summary>Opens (or re-opens after a device restart) the session and reads the information block.</summary>
    public DeviceInfo Connect()
    {
        lock (_gate)
        {
            _pending.Clear();
            _restartedTo = null;
            BootId = 0;
            Session = Session == ushort.MaxValue ? (ushort)1 : (ushort)(Session + 1);
            var ops = new BridgeOp[] { new HelloOp() };
            var hello = (HelloResult)Transact(ops, acceptAnyBootId: true)[0];
            if (hello.Info.ProtocolVersion != BridgeProtocol.Version)
            {
                throw new BridgeProtocolException($"device speaks protocol version {hello.Info.ProtocolVersion}, host speaks {BridgeProtocol.Version}");
            }

            Info = hello.Info;
            return Info;
        }
    }

    /// <summary>
    /// Queues an op whose answer the caller does not wait for; it goes out with the next <see cref="Execute"/> or
    /// <see cref="Flush"/>. <paramref name="onResult"/> (optional) gets its result once the device has executed it,
    /// on the thread that sent it, inside the client: it must not call the client. An expectation op (READ_EXPECT,
    /// MEM_EXPECT) that fails stops the batch; the send then throws <see cref="ExpectationFailedException"/> after
    /// handing every executed op, the failed expectation included, its result.
    /// </summary>
    public void Defer(BridgeOp op, Action<OpResult>? onResult = null)
    {
        lock (_gate)
        {
            ThrowIfRestarted();
            if (!Fits(_pending, op))
            {
                SendPending(Array.Empty<BridgeOp>());
            }

            _pending.Add(new Deferred(op, onResult));
        }

        RaiseLevelChange();
    }

    /// <summary>False once the device refused READ_EXPECT/MEM_EXPECT as unknown (older firmware): expectations are then checked here.</summary>
    public bool DeviceChecksExpectations => !_expectOpsRefused;

    /// <summary>Sends everything deferred plus <paramref name="ops"/>, in order, and returns the results of <paramref name="ops"/>.</summary>
    public IReadOnlyList<OpResult> Execute(params BridgeOp[] ops)
    {
        IReadOnlyList<OpResult> results;
        lock (_gate)
        {
            ThrowIfRestarted();
            results = SendPending(ops);
        }

        RaiseLevelChange();
        return results;
    }

    /// <summary>Sends every deferred op and waits until the device has executed them.</summary>
    public void Flush() => Execute();

    /// <summary>Processes events that arrived while idle (interrupt changes, restart detection) without sending anything.</summary>
    public void PollEvents()
    {
        lock (_gate)
        {
            ThrowIfRestarted();
            while (_link.TryReceive(TimeSpan.Zero, out byte[] packet))
            {
                Accept(packet, acceptAnyBootId: false);
            }
        }

        RaiseLevelChange();
    }

    private void RaiseLevelChange()
    {
        ushort now;
        ushort old;
        lock (_gate)
        {
            now = _irqLevels;
            old = _raisedLevels;
            _raisedLevels = now;
        }

        if (now != old)
        {
            InterruptLevelsChanged?.Invoke(old, now);
        }

    }

    /// <summary>
    /// Packs pending + ops into as few requests as the packet limit allows, hands deferred ops their results, and
    /// returns the results of ops. A failed expectation ends the send: later requests are not sent.
    /// </summary>
    private IReadOnlyList<OpResult> SendPending(IReadOnlyList<BridgeOp> ops)
    {
        var all = new List<Deferred>(_pending.Count + ops.Count);
        all.AddRange(_pending);
        all.AddRange(ops.Select(op => new Deferred(op, null)));
        _pending.Clear();
        var results = new List<OpResult>(all.Count);
        var batch = new List<Deferred>();
        foreach (var entry in all)
        {
            if (batch.Count > 0 && !Fits(batch, entry.Op))
            {
                results.AddRange(SendBatch(batch));
                batch.Clear();
            }

            batch.Add(entry);
            if (_expectOpsRefused && IsExpectation(entry.Op))
            {
                // The device cannot check it: send up to here, check it on this side, and only then go on.
                results.AddRange(SendBatch(batch));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            results.AddRange(SendBatch(batch));
        }

        return results.GetRange(results.Count - ops.Count, ops.Count);
    }

    /// <summary>One request for a batch; hands out deferred results; throws on a refused op or a failed expectation.</summary>
    private IReadOnlyList<OpResult> SendBatch(List<Deferred> batch)
    {
        if (_expectOpsRefused && batch.Take(batch.Count - 1).Any(d => IsExpectation(d.Op)))
        {
            return SendParts(batch);
        }

        var ops = batch.Select(d => d.Op).ToArray();
        IReadOnlyList<OpResult> results;
        try
        {
            results = Transact(_expectOpsRefused ? ops.Select(AsPlainRead).ToArray() : ops, acceptAnyBootId: false);
        }
        catch (ExpectOpsUnknown)
        {
            _expectOpsRefused = true;
            _options.Log?.Invoke($"{Description}: the device does not know READ_EXPECT/MEM_EXPECT (older firmware); checking expectations on the host");
            return SendParts(batch);
        }

        if (_expectOpsRefused)
        {
            results = CheckOnHost(ops, results);
        }

        for (int i = 0; i < results.Count; i++)
        {
            batch[i].OnResult?.Invoke(results[i]);
        }

        if (results.Count == ops.Length && results[^1] is not FailedResult && (results[^1] is not ExpectResult last || last.Held))
        {
            return results;
        }

        int failed = results.Count - 1;
        if (failed >= 0 && results[failed] is ExpectResult mismatch)
        {
            throw new ExpectationFailedException(Describe(ops[failed]), ExpectedBytes(ops[failed]), mismatch.Data);
        }

        var code = failed >= 0 && results[failed] is FailedResult f ? f.Error : BridgeError.BadFrame;
        throw new BridgeOperationException(ops[Math.Max(failed, 0)], code);
    }

    private static bool IsExpectation(BridgeOp op) => op is ReadExpectOp or MemExpectOp;

    private static BridgeOp AsPlainRead(BridgeOp op) => op switch
    {
        ReadExpectOp r => new ReadOp(r.Slot, r.Width, r.Offset),
        MemExpectOp m => new MemReadOp(m.Address, (ushort)m.Expected.Length),
        _ => op,
    };

    /// <summary>Older firmware: the plain read stood in for the expectation (always the batch's last op); compare here.</summary>
    private static IReadOnlyList<OpResult> CheckOnHost(BridgeOp[] ops, IReadOnlyList<OpResult> results)
    {
        if (results.Count != ops.Length || !IsExpectation(ops[^1]) || results[^1] is FailedResult)
        {
            return results;
        }

        byte[] actual = results[^1] switch
        {
            ReadResult r => LittleEndianBytes(r.Value),
            MemReadResult m => m.Data,
            _ => throw new BridgeProtocolException($"unexpected result {results[^1]} for {ops[^1]}"),
        };
        var access = results[^1] is ReadResult read ? read.Access : VirtioMmio.Transport.MmioAccessResult.Ok;
        var outcome = actual.AsSpan().SequenceEqual(ExpectedBytes(ops[^1])) ? BridgeError.Ok : BridgeError.ExpectMismatch;
        var checkedResults = results.ToList();
        checkedResults[^1] = new ExpectResult(outcome, access, actual);
        return checkedResults;
    }

    /// <summary>Sends a batch as one request per expectation (each ending with it); stops at the first failure.</summary>
    private List<OpResult> SendParts(List<Deferred> batch)
    {
        var results = new List<OpResult>();
        foreach (var part in SplitAfterExpectations(batch))
        {
            results.AddRange(SendBatch(part));
        }

        return results;
    }

    private static IEnumerable<List<Deferred>> SplitAfterExpectations(List<Deferred> batch)
    {
        var part = new List<Deferred>();
        foreach (var entry in batch)
        {
            part.Add(entry);
            if (IsExpectation(entry.Op))
            {
                yield return part;
                part = new List<Deferred>();
            }
        }

        if (part.Count > 0)
        {
            yield return part;
        }
    }

    private static byte[] ExpectedBytes(BridgeOp op) => op switch
    {
        ReadExpectOp r => LittleEndianBytes(r.Expected),
        MemExpectOp m => m.Expected,
        _ => Array.Empty<byte>(),
    };

    private static byte[] LittleEndianBytes(uint value)
    {
        var bytes = new byte[4];
        Wire.WriteU32(bytes, value);
        return bytes;
    }

    private static string Describe(BridgeOp op) => op switch
    {
        ReadExpectOp r => $"slot {r.Slot} R 0x{r.Offset:x3}/{r.Width}",
        MemExpectOp m => $"memory 0x{m.Address:x}+{m.Expected.Length}",
        _ => op.ToString(),
    };

    private bool Fits(List<Deferred> batch, BridgeOp op)
    {
        int maxPacket = Info?.MaxPacket ?? MinimumMaxPacket;
        int request = BridgeCodec.RequestLength(batch.Select(d => d.Op)) + op.EncodedLength;
        int reply = BridgeProtocol.ReplyHeaderLength + BridgeProtocol.CrcLength + batch.Sum(d => d.Op.ResultLength) + op.ResultLength;
        return batch.Count < 255 && request <= maxPacket && reply <= maxPacket;
    }

    /// <summary>One request, stop-and-wait: transmit, wait, retransmit the same bytes until its reply arrives.</summary>
    private IReadOnlyList<OpResult> Transact(IReadOnlyList<BridgeOp> ops, bool acceptAnyBootId)
    {
        _seq++;
        ushort seq = _seq;
        byte[] request = BridgeCodec.EncodeRequest(Session, seq, ops);
        RoundTrips++;
        for (int attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                Retransmissions++;
            }

            _link.Send(request);
            DateTime deadline = DateTime.UtcNow + _options.ReplyTimeout;
            while (true)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !_link.TryReceive(left, out byte[] packet))
                {
                    _options.Log?.Invoke($"{Description}: no reply to seq {seq} (attempt {attempt}), retransmitting");
                    break;
                }

                ReplyPacket? reply = Accept(packet, acceptAnyBootId);
                if (reply is null || reply.IsEvent || reply.Session != Session || reply.Seq != seq)
                {
                    continue;
                }

                if (reply.ResultCount == 0 && reply.Status != BridgeError.Ok)
                {
                    // Nothing was executed: a transit error (retransmit), busy (back off), or a lost session.
                    switch (reply.Status)
                    {
                        case BridgeError.BadCrc or BridgeError.BadFrame or BridgeError.TooLarge:
                            _options.Log?.Invoke($"{Description}: device reported {reply.Status} for seq {seq}, retransmitting");
                            break;
                        case BridgeError.Busy:
                            Thread.Sleep(_options.BusyBackoff);
                            break;
                        case BridgeError.UnknownOp when ops.Any(IsExpectation):
                            throw new ExpectOpsUnknown();
                        case BridgeError.NoSession:
                            throw new BusException($"{Description}: the device no longer knows session {Session} (another host opened a session?)");
                        default:
                            throw new BridgeProtocolException($"{Description}: request seq {seq} refused: {reply.Status}");
                    }

                    break;
                }

                return BridgeCodec.DecodeResults(reply, ops);
            }
        }

        throw new BusException($"{Description}: no reply after {_options.MaxAttempts} attempts (timeout {_options.ReplyTimeout.TotalMilliseconds} ms each)");
    }

    /// <summary>Decodes a received packet, checks its boot id and takes its interrupt levels if newer. Null if corrupt.</summary>
    private ReplyPacket? Accept(byte[] packet, bool acceptAnyBootId)
    {
        ReplyPacket reply;
        try
        {
            reply = BridgeCodec.DecodeReply(packet);
        }
        catch (BridgeProtocolException e)
        {
            _options.Log?.Invoke($"{Description}: dropped a bad packet ({e.Message})");
            return null;
        }

        if (acceptAnyBootId && reply.Session == Session && reply.Seq == _seq && !reply.IsEvent)
        {
            BootId = reply.BootId;
            _haveIrq = false;
        }
        else if (reply.BootId != BootId && BootId != 0)
        {
            _restartedTo = reply.BootId;
            ThrowIfRestarted();
        }
        else if (BootId == 0)
        {
            return null; // not connected yet: ignore stray packets
        }

        if (!_haveIrq || (short)(reply.IrqEpoch - _irqEpoch) > 0)
        {
            _haveIrq = true;
            _irqEpoch = reply.IrqEpoch;
            _irqLevels = reply.IrqLevels;
        }

        return reply;
    }

    private void ThrowIfRestarted()
    {
        if (_restartedTo is uint newBoot)
        {
            _pending.Clear();
            throw new DeviceRestartedException(BootId, newBoot);
        }
    }

    public void Dispose() => _link.Dispose();

    /// <summary>An op queued by <see cref="Defer"/>, with whoever wants its result.</summary>
    private sealed record Deferred(BridgeOp Op, Action<OpResult>? OnResult);

    /// <summary>The device refused a request holding expectation ops as unknown; nothing executed.</summary>
    private sealed class ExpectOpsUnknown : Exception;
}
