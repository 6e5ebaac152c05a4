using VirtioMmio.App;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace VirtioMmio.Bridge
{
    /// <summary>
    /// The device end of the bridge: turns one received packet into at most one reply packet, executing register
    /// and memory operations against a <see cref="DeviceSet"/>. Pure packet-in, packet-out (framing and the byte
    /// link live in <see cref="BridgeLoop"/>), single-threaded, allocation-free after construction.
    ///
    /// Order of checks for a request: length, CRC, version/type, session, reply cache (retransmission),
    /// staleness, structure, busy; then the ops execute in order and stop at the first error.
    /// Every rejection before execution changes nothing on the device.
    /// </summary>
    public sealed class BridgeServer
    {
        /// <summary>Default largest packet (header + ops + CRC) in either direction.</summary>
        public const int DefaultMaxPacket = 1024;

        /// <summary>Default number of cached replies.</summary>
        public const int DefaultCacheEntries = 4;

        private readonly DeviceSet _devices;
        private readonly byte[] _boardId;
        private readonly byte[] _firmwareVersion;
        private readonly byte[] _reply;
        private readonly ReplyCache _cache;
        private readonly int _helloLength;
        private ushort _session;
        private ushort _lastSeq;
        private ushort _reportedEpoch;

        public BridgeServer(DeviceSet devices, string boardId, string firmwareVersion, uint bootId, int maxPacket, int cacheEntries)
        {
            if (maxPacket < 128 || maxPacket > 65535)
            {
                throw new System.ArgumentOutOfRangeException("maxPacket");
            }

            if (boardId.Length > 255 || firmwareVersion.Length > 255)
            {
                throw new System.ArgumentException("identity strings are limited to 255 characters");
            }

            _devices = devices;
            _boardId = DeviceSet.ToAscii(boardId);
            _firmwareVersion = DeviceSet.ToAscii(firmwareVersion);
            BootId = bootId;
            MaxPacket = maxPacket;
            _reply = new byte[maxPacket];
            _cache = new ReplyCache(cacheEntries < 1 ? 1 : cacheEntries, maxPacket);
            _helloLength = ComputeHelloLength();
            if (BridgeProtocol.ReplyHeaderLength + 1 + _helloLength + BridgeProtocol.CrcLength > maxPacket)
            {
                throw new System.ArgumentException("the information block does not fit the maximum packet");
            }
        }

        /// <summary>Changes on every device start; the host detects a restart by it.</summary>
        public uint BootId { get; }

        public int MaxPacket { get; }

        public DeviceSet Devices
        {
            get { return _devices; }
        }

        /// <summary>The reply buffer; <see cref="Handle"/> and <see cref="BuildEvent"/> return the length written.</summary>
        public byte[] ReplyBuffer
        {
            get { return _reply; }
        }

        /// <summary>While true, every well-formed request is refused with Busy and nothing executes.</summary>
        public bool Busy { get; set; }

        /// <summary>Current session (0 before the first HELLO).</summary>
        public ushort Session
        {
            get { return _session; }
        }

        /// <summary>Requests executed (not counting replays from the cache).</summary>
        public uint RequestsExecuted { get; private set; }

        /// <summary>Retransmissions answered from the reply cache.</summary>
        public uint RepliesFromCache { get; private set; }

        /// <summary>Packets refused before execution (bad frame, CRC, op, session, stale, too large, busy).</summary>
        public uint PacketsRefused { get; private set; }

        /// <summary>
        /// Answers a frame the link layer already knows is damaged (<see cref="BridgeError.TooLarge"/> when it overflowed
        /// the receive buffer, <see cref="BridgeError.BadFrame"/> for a broken escape). Nothing executes.
        /// </summary>
        public int HandleDamaged(byte[] packet, int length, BridgeError error)
        {
            return Refuse(packet, length, error);
        }

        /// <summary>
        /// Handles one received frame of <paramref name="length"/> bytes. Returns the reply length in
        /// <see cref="ReplyBuffer"/>, or 0 for no reply (empty frame).
        /// </summary>
        public int Handle(byte[] packet, int length)
        {
            if (length <= 0)
            {
                return 0;
            }

            if (length < BridgeProtocol.RequestHeaderLength + 1 + BridgeProtocol.CrcLength)
            {
                return Refuse(packet, length, BridgeError.BadFrame);
            }

            int crcOffset = length - BridgeProtocol.CrcLength;
            uint crc = BridgeCrc32.Compute(packet, 0, crcOffset);
            if (crc != LittleEndian.ReadU32(packet, crcOffset))
            {
                return Refuse(packet, length, BridgeError.BadCrc);
            }

            if (packet[BridgeProtocol.VersionOffset] != BridgeProtocol.Version
                || packet[BridgeProtocol.TypeOffset] != BridgeProtocol.TypeRequest
                || packet[BridgeProtocol.FlagsOrResultsOffset] != 0)
            {
                return Refuse(packet, length, BridgeError.BadFrame);
            }

            ushort session = LittleEndian.ReadU16(packet, BridgeProtocol.SessionOffset);
            ushort seq = LittleEndian.ReadU16(packet, BridgeProtocol.SeqOffset);
            int opCount = packet[BridgeProtocol.CountOrStatusOffset];
            if (session == 0 || opCount == 0)
            {
                return Refuse(packet, length, BridgeError.BadFrame);
            }

            bool opensSession = packet[BridgeProtocol.RequestHeaderLength] == (byte)BridgeOpCode.Hello;
            if (session != _session && !opensSession)
            {
                return Refuse(packet, length, BridgeError.NoSession);
            }

            if (session == _session)
            {
                int cached = _cache.Find(session, seq, crc);
                if (cached >= 0)
                {
                    RepliesFromCache++;
                    return _cache.CopyTo(cached, _reply);
                }

                int ahead = (ushort)(seq - _lastSeq);
                if (ahead == 0 || ahead >= 0x8000)
                {
                    return Refuse(packet, length, BridgeError.Stale);
                }
            }

            int replyLength;
            BridgeError structure = Validate(packet, crcOffset, opCount, out replyLength);
            if (structure != BridgeError.Ok)
            {
                return Refuse(packet, length, structure);
            }

            if (Busy)
            {
                return Refuse(packet, length, BridgeError.Busy);
            }

            if (session != _session)
            {
                _session = session;
                _cache.Clear();
            }

            _lastSeq = seq;
            int written = Execute(packet, opCount, session, seq);
            RequestsExecuted++;
            _cache.Store(session, seq, crc, _reply, written);
            return written;
        }

        /// <summary>
        /// If an interrupt line changed since the last reply or event and a session is open, writes an event packet
        /// into <see cref="ReplyBuffer"/> and returns its length; otherwise 0.
        /// </summary>
        public int BuildEvent()
        {
            InterruptLevels irq = _devices.Interrupts;
            if (_session == 0 || irq.Epoch == _reportedEpoch)
            {
                return 0;
            }

            WriteHeader(BridgeProtocol.TypeEvent, _session, 0, BridgeError.Ok, 0);
            return Finish(BridgeProtocol.ReplyHeaderLength);
        }

        /// <summary>Walks the ops without executing them: known codes, complete arguments, no trailing bytes, reply fits.</summary>
        private BridgeError Validate(byte[] packet, int end, int opCount, out int replyLength)
        {
            int pos = BridgeProtocol.RequestHeaderLength;
            replyLength = BridgeProtocol.ReplyHeaderLength + BridgeProtocol.CrcLength;
            for (int i = 0; i < opCount; i++)
            {
                if (pos >= end)
                {
                    return BridgeError.BadFrame;
                }

                int args;
                int resultData;
                switch ((BridgeOpCode)packet[pos])
                {
                    case BridgeOpCode.Hello:
                        args = 0;
                        resultData = _helloLength;
                        break;
                    case BridgeOpCode.Read:
                        args = BridgeProtocol.RegisterReadArgs;
                        resultData = BridgeProtocol.ReadResultData;
                        break;
                    case BridgeOpCode.Write:
                        args = BridgeProtocol.RegisterWriteArgs;
                        resultData = BridgeProtocol.WriteResultData;
                        break;
                    case BridgeOpCode.ReadOrWrite:
                        args = BridgeProtocol.RegisterWriteArgs;
                        resultData = BridgeProtocol.OrResultData;
                        break;
                    case BridgeOpCode.MemRead:
                        args = BridgeProtocol.MemArgs;
                        resultData = pos + 1 + args <= end ? LittleEndian.ReadU16(packet, pos + 9) : 0;
                        break;
                    case BridgeOpCode.MemWrite:
                        args = BridgeProtocol.MemArgs;
                        resultData = 0;
                        if (pos + 1 + args <= end)
                        {
                            args += LittleEndian.ReadU16(packet, pos + 9);
                        }

                        break;
                    case BridgeOpCode.Stats:
                        args = BridgeProtocol.StatsArgs;
                        resultData = BridgeProtocol.StatsResultData;
                        break;
                    case BridgeOpCode.ChangeConfig:
                        args = BridgeProtocol.StatsArgs;
                        resultData = 0;
                        break;
                    case BridgeOpCode.ReadExpect:
                        args = BridgeProtocol.ReadExpectArgs;
                        resultData = BridgeProtocol.ReadResultData;
                        break;
                    case BridgeOpCode.MemExpect:
                        // The reply must have room for the bytes actually read, in case they differ.
                        args = BridgeProtocol.MemArgs;
                        resultData = 0;
                        if (pos + 1 + args <= end)
                        {
                            resultData = LittleEndian.ReadU16(packet, pos + 9);
                            args += resultData;
                        }

                        break;
                    default:
                        return BridgeError.UnknownOp;
                }

                pos += 1 + args;
                if (pos > end)
                {
                    return BridgeError.BadFrame;
                }

                replyLength += 1 + resultData;
            }

            if (pos != end)
            {
                return BridgeError.BadFrame;
            }

            return replyLength > MaxPacket ? BridgeError.TooLarge : BridgeError.Ok;
        }

        /// <summary>Executes validated ops in order, writing per-op results; stops after the first failing op.</summary>
        private int Execute(byte[] packet, int opCount, ushort session, ushort seq)
        {
            int pos = BridgeProtocol.RequestHeaderLength;
            int o = BridgeProtocol.ReplyHeaderLength;
            BridgeError status = BridgeError.Ok;
            int results = 0;
            for (int i = 0; i < opCount && status == BridgeError.Ok; i++)
            {
                BridgeOpCode op = (BridgeOpCode)packet[pos];
                int codeAt = o;
                o++;
                switch (op)
                {
                    case BridgeOpCode.Hello:
                        o = WriteHello(o);
                        pos += 1;
                        break;
                    case BridgeOpCode.Read:
                        status = ExecuteRead(packet, pos + 1, false, ref o);
                        pos += 1 + BridgeProtocol.RegisterReadArgs;
                        break;
                    case BridgeOpCode.ReadExpect:
                        status = ExecuteRead(packet, pos + 1, true, ref o);
                        pos += 1 + BridgeProtocol.ReadExpectArgs;
                        break;
                    case BridgeOpCode.MemExpect:
                        status = ExecuteMemExpect(packet, pos + 1, ref o);
                        pos += 1 + BridgeProtocol.MemArgs + LittleEndian.ReadU16(packet, pos + 9);
                        break;
                    case BridgeOpCode.Write:
                    case BridgeOpCode.ReadOrWrite:
                        status = ExecuteWrite(packet, pos + 1, op == BridgeOpCode.ReadOrWrite, ref o);
                        pos += 1 + BridgeProtocol.RegisterWriteArgs;
                        break;
                    case BridgeOpCode.MemRead:
                    {
                        ulong address = LittleEndian.ReadU64(packet, pos + 1);
                        int count = LittleEndian.ReadU16(packet, pos + 9);
                        if (_devices.Memory.HostRead(address, _reply, o, count))
                        {
                            o += count;
                        }
                        else
                        {
                            status = BridgeError.OutOfWindow;
                        }

                        pos += 1 + BridgeProtocol.MemArgs;
                        break;
                    }

                    case BridgeOpCode.MemWrite:
                    {
                        ulong address = LittleEndian.ReadU64(packet, pos + 1);
                        int count = LittleEndian.ReadU16(packet, pos + 9);
                        if (!_devices.Memory.HostWrite(address, packet, pos + 1 + BridgeProtocol.MemArgs, count))
                        {
                            status = BridgeError.OutOfWindow;
                        }

                        pos += 1 + BridgeProtocol.MemArgs + count;
                        break;
                    }

                    case BridgeOpCode.Stats:
                        status = ExecuteStats(packet[pos + 1], ref o);
                        pos += 1 + BridgeProtocol.StatsArgs;
                        break;

                    default:
                        status = ExecuteChangeConfig(packet[pos + 1]);
                        pos += 1 + BridgeProtocol.StatsArgs;
                        break;
                }

                _reply[codeAt] = (byte)status;
                if (status != BridgeError.Ok && status != BridgeError.ExpectMismatch)
                {
                    o = codeAt + 1;
                }

                results++;
            }

            WriteHeader(BridgeProtocol.TypeReply, session, seq, status, results);
            return Finish(o);
        }

        private BridgeError ExecuteRead(byte[] packet, int args, bool expect, ref int o)
        {
            int slot = packet[args];
            int width = packet[args + 1];
            int offset = LittleEndian.ReadU16(packet, args + 2);
            BridgeError check = CheckRegisterAccess(slot, width, offset);
            if (check != BridgeError.Ok)
            {
                return check;
            }

            uint value;
            MmioAccessResult access = _devices.GetTransport(slot).Read(offset, width, out value);
            _reply[o] = (byte)access;
            LittleEndian.WriteU32(_reply, o + 1, value);
            o += BridgeProtocol.ReadResultData;
            if (expect && value != LittleEndian.ReadU32(packet, args + 4))
            {
                return BridgeError.ExpectMismatch;
            }

            return BridgeError.Ok;
        }

        /// <summary>Compares memory with the expected bytes; the actual bytes go into the reply only if they differ.</summary>
        private BridgeError ExecuteMemExpect(byte[] packet, int args, ref int o)
        {
            ulong address = LittleEndian.ReadU64(packet, args);
            int count = LittleEndian.ReadU16(packet, args + 8);
            if (!_devices.Memory.HostRead(address, _reply, o, count))
            {
                return BridgeError.OutOfWindow;
            }

            int expected = args + BridgeProtocol.MemArgs;
            for (int i = 0; i < count; i++)
            {
                if (_reply[o + i] != packet[expected + i])
                {
                    o += count;
                    return BridgeError.ExpectMismatch;
                }
            }

            return BridgeError.Ok;
        }

        private BridgeError ExecuteWrite(byte[] packet, int args, bool orIntoOld, ref int o)
        {
            int slot = packet[args];
            int width = packet[args + 1];
            int offset = LittleEndian.ReadU16(packet, args + 2);
            uint value = LittleEndian.ReadU32(packet, args + 4);
            BridgeError check = CheckRegisterAccess(slot, width, offset);
            if (check != BridgeError.Ok)
            {
                return check;
            }

            MmioTransport transport = _devices.GetTransport(slot);
            uint old = 0;
            if (orIntoOld)
            {
                transport.Read(offset, width, out old);
                value |= old;
            }

            _reply[o] = (byte)transport.Write(offset, width, value);
            if (orIntoOld)
            {
                LittleEndian.WriteU32(_reply, o + 1, old);
                o += BridgeProtocol.OrResultData;
            }
            else
            {
                o += BridgeProtocol.WriteResultData;
            }

            return BridgeError.Ok;
        }

        private BridgeError ExecuteStats(int slot, ref int o)
        {
            if (!_devices.IsValidSlot(slot))
            {
                return BridgeError.BadSlot;
            }

            MmioTransport transport = _devices.GetTransport(slot);
            LittleEndian.WriteU32(_reply, o, transport.RequestsCompleted);
            LittleEndian.WriteU32(_reply, o + 4, transport.Notifies);
            LittleEndian.WriteU32(_reply, o + 8, transport.Resets);
            LittleEndian.WriteU32(_reply, o + 12, _devices.GetOutputTransitions(slot));
            LittleEndian.WriteU32(_reply, o + 16, transport.Status);
            LittleEndian.WriteU32(_reply, o + 20, transport.InterruptStatus);
            o += BridgeProtocol.StatsResultData;
            return BridgeError.Ok;
        }

        private BridgeError ExecuteChangeConfig(int slot)
        {
            if (!_devices.IsValidSlot(slot))
            {
                return BridgeError.BadSlot;
            }

            return _devices.TryChangeConfig(slot) ? BridgeError.Ok : BridgeError.Unsupported;
        }

        private BridgeError CheckRegisterAccess(int slot, int width, int offset)
        {
            if (!_devices.IsValidSlot(slot))
            {
                return BridgeError.BadSlot;
            }

            if (width != 1 && width != 2 && width != 4)
            {
                return BridgeError.BadWidth;
            }

            return offset < BridgeProtocol.RegisterWindowSize ? BridgeError.Ok : BridgeError.BadOffset;
        }

        /// <summary>Length of the HELLO information block (fixed after construction).</summary>
        private int ComputeHelloLength()
        {
            int length = 1 + 1 + 2 + 1 + 8 + 4 + 1 + _boardId.Length + 1 + _firmwareVersion.Length;
            for (int slot = 0; slot < _devices.SlotCount; slot++)
            {
                length += 1 + _devices.GetKindAscii(slot).Length + 4 + 1 + 1
                    + (2 * _devices.GetTransport(slot).Device.QueueCount);
            }

            return length;
        }

        private int WriteHello(int o)
        {
            _reply[o++] = BridgeProtocol.Version;
            _reply[o++] = (byte)_devices.SlotCount;
            LittleEndian.WriteU16(_reply, o, (ushort)MaxPacket);
            o += 2;
            _reply[o++] = (byte)_cache.Capacity;
            LittleEndian.WriteU64(_reply, o, _devices.Memory.BaseAddress);
            o += 8;
            LittleEndian.WriteU32(_reply, o, (uint)_devices.Memory.Size);
            o += 4;
            o = WriteShortString(_boardId, o);
            o = WriteShortString(_firmwareVersion, o);
            for (int slot = 0; slot < _devices.SlotCount; slot++)
            {
                MmioTransport transport = _devices.GetTransport(slot);
                IVirtioPersonality device = transport.Device;
                o = WriteShortString(_devices.GetKindAscii(slot), o);
                LittleEndian.WriteU32(_reply, o, device.DeviceId);
                o += 4;
                _reply[o++] = (byte)transport.Options.Version;
                int queues = device.QueueCount;
                _reply[o++] = (byte)queues;
                for (int q = 0; q < queues; q++)
                {
                    LittleEndian.WriteU16(_reply, o, device.GetQueueMaxSize(q));
                    o += 2;
                }
            }

            return o;
        }

        private int WriteShortString(byte[] ascii, int o)
        {
            _reply[o++] = (byte)ascii.Length;
            System.Array.Copy(ascii, 0, _reply, o, ascii.Length);
            return o + ascii.Length;
        }

        /// <summary>A reply that executed nothing; session and seq are echoed as far as they could be read.</summary>
        private int Refuse(byte[] packet, int length, BridgeError error)
        {
            PacketsRefused++;
            ushort session = length >= 4 ? LittleEndian.ReadU16(packet, BridgeProtocol.SessionOffset) : (ushort)0;
            ushort seq = length >= 6 ? LittleEndian.ReadU16(packet, BridgeProtocol.SeqOffset) : (ushort)0;
            WriteHeader(BridgeProtocol.TypeReply, session, seq, error, 0);
            return Finish(BridgeProtocol.ReplyHeaderLength);
        }

        private void WriteHeader(byte type, ushort session, ushort seq, BridgeError status, int results)
        {
            InterruptLevels irq = _devices.Interrupts;
            _reply[BridgeProtocol.VersionOffset] = BridgeProtocol.Version;
            _reply[BridgeProtocol.TypeOffset] = type;
            LittleEndian.WriteU16(_reply, BridgeProtocol.SessionOffset, session);
            LittleEndian.WriteU16(_reply, BridgeProtocol.SeqOffset, seq);
            _reply[BridgeProtocol.CountOrStatusOffset] = (byte)status;
            _reply[BridgeProtocol.FlagsOrResultsOffset] = (byte)results;
            LittleEndian.WriteU32(_reply, BridgeProtocol.BootIdOffset, BootId);
            LittleEndian.WriteU16(_reply, BridgeProtocol.IrqEpochOffset, irq.Epoch);
            LittleEndian.WriteU16(_reply, BridgeProtocol.IrqLevelsOffset, irq.Levels);
            _reportedEpoch = irq.Epoch;
        }

        private int Finish(int length)
        {
            LittleEndian.WriteU32(_reply, length, BridgeCrc32.Compute(_reply, 0, length));
            return length + BridgeProtocol.CrcLength;
        }
    }
}
