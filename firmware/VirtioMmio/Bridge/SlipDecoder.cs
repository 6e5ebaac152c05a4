namespace VirtioMmio.Bridge
{
    /// <summary>What one received byte did to the <see cref="SlipDecoder"/>.</summary>
    public enum SlipEvent
    {
        /// <summary>Byte consumed; no frame is complete yet.</summary>
        None = 0,

        /// <summary>A frame ended: <see cref="SlipDecoder.Length"/> bytes are in <see cref="SlipDecoder.Buffer"/>.</summary>
        Frame = 1,

        /// <summary>A frame ended that did not fit the buffer; its first bytes are kept, the rest was discarded.</summary>
        Overflow = 2,

        /// <summary>A frame ended with an invalid escape sequence; it must be treated as corrupt.</summary>
        BadEscape = 3,
    }

    /// <summary>
    /// Incremental SLIP decoder over a fixed buffer: feed it bytes one at a time as they arrive from the link.
    /// Empty frames (END END) are skipped. Never allocates after construction.
    /// </summary>
    public sealed class SlipDecoder
    {
        private readonly byte[] _buffer;
        private int _length;
        private bool _escaped;
        private bool _overflow;
        private bool _badEscape;

        public SlipDecoder(int capacity)
        {
            _buffer = new byte[capacity];
        }

        /// <summary>The frame just completed (valid until the next <see cref="Push"/>).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Length of the frame just completed (bytes kept, at most the capacity).</summary>
        public int Length { get; private set; }

        public SlipEvent Push(byte b)
        {
            if (b == SlipCodec.End)
            {
                if (_length == 0 && !_overflow && !_badEscape && !_escaped)
                {
                    return SlipEvent.None;
                }

                SlipEvent result = SlipEvent.Frame;
                if (_overflow)
                {
                    result = SlipEvent.Overflow;
                }
                else if (_badEscape || _escaped)
                {
                    result = SlipEvent.BadEscape;
                }

                Length = _length;
                _length = 0;
                _escaped = false;
                _overflow = false;
                _badEscape = false;
                return result;
            }

            if (_escaped)
            {
                _escaped = false;
                if (b == SlipCodec.EscEnd)
                {
                    b = SlipCodec.End;
                }
                else if (b == SlipCodec.EscEsc)
                {
                    b = SlipCodec.Esc;
                }
                else
                {
                    _badEscape = true;
                }
            }
            else if (b == SlipCodec.Esc)
            {
                _escaped = true;
                return SlipEvent.None;
            }

            if (_length < _buffer.Length)
            {
                _buffer[_length++] = b;
            }
            else
            {
                _overflow = true;
            }

            return SlipEvent.None;
        }
    }
}
