namespace VirtioMmio.Transport
{
    /// <summary>
    /// The read image of the control registers (0x000-0x0FC), kept the way a hardware register file keeps it: for every
    /// 32-bit word, the value a read returns right now and the result of that read. An aligned 32-bit control read,
    /// which is every read Linux makes below 0x100, is then two array loads instead of a decode.
    /// <para>
    /// Results depend only on the version and options, so they are filled once at construction, from the transport's
    /// own decoder. Values are stored by whoever owns the state behind them, at the moment it changes: the status
    /// machine (Status), the interrupt controller (InterruptStatus), feature negotiation (DeviceFeatures for the
    /// current selector) and the transport (ConfigGeneration). A word whose read is not <see cref="MmioAccessResult.Ok"/>
    /// keeps 0 whatever is stored to it, so an owner need not know the layout. The selected queue's registers are
    /// marked <see cref="NotImaged"/>: the transport's decoder reads them from the queue (see MmioTransport.ShowsSelectedQueue).
    /// The decoder stays authoritative; VirtioMmio.Tests/ReadImageCoherenceTests compares both after every access.
    /// </para>
    /// </summary>
    internal sealed class RegisterReadImage
    {
        /// <summary>Number of 32-bit words below the config space.</summary>
        public const int Words = MmioRegisters.Config / 4;

        /// <summary>Not an access result: the word is not held here and must be read from the state.</summary>
        public const MmioAccessResult NotImaged = (MmioAccessResult)0xFF;

        private readonly uint[] _values = new uint[Words];
        private readonly byte[] _results = new byte[Words]; // MmioAccessResult of a read; 0 (Ok) until Define

        /// <summary>Word i (offset 4i): the value a 32-bit read returns now. The transport reads it directly.</summary>
        public uint[] Values
        {
            get { return _values; }
        }

        /// <summary>Word i (offset 4i): the <see cref="MmioAccessResult"/> of that read, or <see cref="NotImaged"/>.</summary>
        public byte[] Results
        {
            get { return _results; }
        }

        /// <summary>Sets a word's value if it is readable; a write-only or undefined word stays 0.</summary>
        public void Store(int offset, uint value)
        {
            int word = offset >> 2;
            if (_results[word] == (byte)MmioAccessResult.Ok)
            {
                _values[word] = value;
            }
        }

        /// <summary>
        /// Construction only: a word's read result (or <see cref="NotImaged"/>) and its initial value (0 unless the
        /// result is Ok).
        /// </summary>
        public void Define(int offset, MmioAccessResult result, uint value)
        {
            int word = offset >> 2;
            _results[word] = (byte)result;
            _values[word] = result == MmioAccessResult.Ok ? value : 0u;
        }
    }
}
