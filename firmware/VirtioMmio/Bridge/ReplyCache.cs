namespace VirtioMmio.Bridge
{
    /// <summary>
    /// The last few replies, keyed by (session, sequence number, request CRC). A retransmitted request is
    /// answered from here and never executed twice: a duplicated QueueNotify or Status write would corrupt state.
    /// Fixed entry count and fixed buffers; replacement is round-robin (oldest first).
    /// </summary>
    public sealed class ReplyCache
    {
        private readonly byte[][] _replies;
        private readonly int[] _lengths;
        private readonly ushort[] _sessions;
        private readonly ushort[] _seqs;
        private readonly uint[] _requestCrcs;
        private int _next;

        public ReplyCache(int entries, int maxReplyLength)
        {
            _replies = new byte[entries][];
            for (int i = 0; i < entries; i++)
            {
                _replies[i] = new byte[maxReplyLength];
            }

            _lengths = new int[entries];
            _sessions = new ushort[entries];
            _seqs = new ushort[entries];
            _requestCrcs = new uint[entries];
        }

        public int Capacity
        {
            get { return _replies.Length; }
        }

        /// <summary>Index of the entry for this request, or -1.</summary>
        public int Find(ushort session, ushort seq, uint requestCrc)
        {
            for (int i = 0; i < _replies.Length; i++)
            {
                if (_lengths[i] > 0 && _sessions[i] == session && _seqs[i] == seq && _requestCrcs[i] == requestCrc)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Copies entry <paramref name="index"/> into <paramref name="destination"/>; returns its length.</summary>
        public int CopyTo(int index, byte[] destination)
        {
            int length = _lengths[index];
            System.Array.Copy(_replies[index], 0, destination, 0, length);
            return length;
        }

        public void Store(ushort session, ushort seq, uint requestCrc, byte[] reply, int length)
        {
            if (length <= 0 || length > _replies[_next].Length)
            {
                return;
            }

            System.Array.Copy(reply, 0, _replies[_next], 0, length);
            _lengths[_next] = length;
            _sessions[_next] = session;
            _seqs[_next] = seq;
            _requestCrcs[_next] = requestCrc;
            _next = (_next + 1) % _replies.Length;
        }

        public void Clear()
        {
            for (int i = 0; i < _lengths.Length; i++)
            {
                _lengths[i] = 0;
            }

            _next = 0;
        }
    }
}
