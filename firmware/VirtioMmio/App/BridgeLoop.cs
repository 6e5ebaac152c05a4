using VirtioMmio.Bridge;

namespace VirtioMmio.App
{
    /// <summary>
    /// The bridge main loop, identical on the board (UART) and in the emulator (TCP, pty): read bytes, cut them
    /// into SLIP frames, hand each to the <see cref="BridgeServer"/>, send its reply, and push an interrupt event
    /// when a line changed outside a request. Allocation-free after construction.
    /// </summary>
    public sealed class BridgeLoop
    {
        private readonly BridgeServer _server;
        private readonly SlipDecoder _decoder;
        private readonly byte[] _receiveChunk;
        private readonly byte[] _transmit;
        // Set from another thread (the emulator's host); volatile so the loop sees it on its next iteration
        // whatever the JIT inlines.
        private volatile bool _stopRequested;

        public BridgeLoop(BridgeServer server)
        {
            _server = server;
            _decoder = new SlipDecoder(server.MaxPacket);
            _receiveChunk = new byte[256];
            _transmit = new byte[SlipCodec.MaxEncodedLength(server.MaxPacket)];
        }

        public BridgeServer Server
        {
            get { return _server; }
        }

        /// <summary>Frames received (any outcome).</summary>
        public uint FramesReceived { get; private set; }

        /// <summary>Asks <see cref="Run"/> to return after its current read.</summary>
        public void Stop()
        {
            _stopRequested = true;
        }

        /// <summary>Serves <paramref name="channel"/> until it closes or <see cref="Stop"/> is called.</summary>
        public void Run(IByteChannel channel)
        {
            while (!_stopRequested && Poll(channel))
            {
            }
        }

        /// <summary>One read and everything it completes. Returns false once the channel is closed.</summary>
        public bool Poll(IByteChannel channel)
        {
            int count = channel.Read(_receiveChunk, 0, _receiveChunk.Length);
            if (count < 0)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                SlipEvent frame = _decoder.Push(_receiveChunk[i]);
                if (frame == SlipEvent.None)
                {
                    continue;
                }

                FramesReceived++;
                int replyLength;
                if (frame == SlipEvent.Frame)
                {
                    replyLength = _server.Handle(_decoder.Buffer, _decoder.Length);
                }
                else
                {
                    BridgeError error = frame == SlipEvent.Overflow ? BridgeError.TooLarge : BridgeError.BadFrame;
                    replyLength = _server.HandleDamaged(_decoder.Buffer, _decoder.Length, error);
                }

                if (replyLength > 0 && !Send(channel, replyLength))
                {
                    return false;
                }
            }

            int eventLength = _server.BuildEvent();
            return eventLength == 0 || Send(channel, eventLength);
        }

        private bool Send(IByteChannel channel, int packetLength)
        {
            int encoded = SlipCodec.Encode(_server.ReplyBuffer, 0, packetLength, _transmit, 0);
            return encoded > 0 && channel.Write(_transmit, 0, encoded);
        }
    }
}
