namespace VirtioMmio.Hardware
{
    /// <summary>
    /// Fixed-capacity record of physical output transitions, each stamped with a sequence number that is unique
    /// across every output sharing the journal. Recording never allocates: the entries live in arrays sized at
    /// construction, and when they are full the oldest entry is overwritten (<see cref="Count"/> keeps counting,
    /// so "no transition happened" is still provable after wrap-around).
    /// </summary>
    public sealed class TransitionJournal
    {
        private readonly uint[] _sequence;
        private readonly byte[] _kind;
        private readonly int[] _output;
        private readonly uint[] _value;
        private readonly uint[] _settle;
        private int _next;

        public TransitionJournal(int capacity)
        {
            if (capacity <= 0)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }

            _sequence = new uint[capacity];
            _kind = new byte[capacity];
            _output = new int[capacity];
            _value = new uint[capacity];
            _settle = new uint[capacity];
        }

        /// <summary>Entries the journal can hold before it overwrites the oldest.</summary>
        public int Capacity
        {
            get { return _sequence.Length; }
        }

        /// <summary>Transitions recorded since construction (not bounded by <see cref="Capacity"/>).</summary>
        public uint Count { get; private set; }

        /// <summary>Entries currently held: min(Count, Capacity).</summary>
        public int Retained
        {
            get { return Count < (uint)_sequence.Length ? (int)Count : _sequence.Length; }
        }

        /// <summary>Appends one transition. Its sequence number is the previous <see cref="Count"/> (0-based).</summary>
        public void Record(byte kind, int output, uint value, uint settleMicroseconds)
        {
            _sequence[_next] = Count;
            _kind[_next] = kind;
            _output[_next] = output;
            _value[_next] = value;
            _settle[_next] = settleMicroseconds;
            _next = _next + 1 == _sequence.Length ? 0 : _next + 1;
            Count++;
        }

        /// <summary>Sequence number of retained entry <paramref name="index"/> (0 = oldest retained).</summary>
        public uint SequenceAt(int index)
        {
            return _sequence[Slot(index)];
        }

        public byte KindAt(int index)
        {
            return _kind[Slot(index)];
        }

        public int OutputAt(int index)
        {
            return _output[Slot(index)];
        }

        /// <summary>Rate (Hz), voltage (µV), current (µA), mode, parent index or flags, by kind; 0 for enable/disable/reset.</summary>
        public uint ValueAt(int index)
        {
            return _value[Slot(index)];
        }

        /// <summary>Settle time the output reported for this transition (regulator enable and voltage changes; 0 otherwise).</summary>
        public uint SettleMicrosecondsAt(int index)
        {
            return _settle[Slot(index)];
        }

        /// <summary>Forgets every entry (tests; never called by a device).</summary>
        public void Clear()
        {
            Count = 0;
            _next = 0;
        }

        private int Slot(int index)
        {
            int retained = Retained;
            if (index < 0 || index >= retained)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }

            int oldest = Count > (uint)_sequence.Length ? _next : 0;
            int slot = oldest + index;
            return slot >= _sequence.Length ? slot - _sequence.Length : slot;
        }
    }
}
