namespace VirtioMmio.Transport
{
    /// <summary>
    /// InterruptStatus with level semantics (spec M-03, M-24): bits stay set until acknowledged, reads never clear
    /// them, and the line is asserted exactly while a bit is set. The sink hears only level changes.
    /// </summary>
    internal sealed class InterruptController
    {
        private readonly RegisterReadImage _image;
        private uint _status;
        private bool _level;
        private IInterruptLine? _sink;

        public InterruptController(RegisterReadImage image)
        {
            _image = image;
        }

        /// <summary>InterruptStatus; every change is mirrored into the read image.</summary>
        public uint Status
        {
            get
            {
                return _status;
            }

            private set
            {
                _status = value;
                _image.Store(MmioRegisters.InterruptStatus, value);
            }
        }

        public bool Level
        {
            get { return _level; }
        }

        /// <summary>
        /// Receiver of level changes. A sink attached while the line is asserted is told so at once: it starts from
        /// "deasserted", so that is a change from its point of view.
        /// </summary>
        public IInterruptLine? Sink
        {
            get
            {
                return _sink;
            }

            set
            {
                _sink = value;
                if (value != null && _level)
                {
                    value.SetLevel(true);
                }
            }
        }

        public void Raise(uint bits)
        {
            Status |= bits & MmioRegisters.InterruptValidMask;
            UpdateLine();
        }

        /// <summary>Clears exactly the written bits; undefined bits are ignored (spec M-23).</summary>
        public void Acknowledge(uint bits)
        {
            Status &= ~(bits & MmioRegisters.InterruptValidMask);
            UpdateLine();
        }

        public void Clear()
        {
            Status = 0;
            UpdateLine();
        }

        private void UpdateLine()
        {
            bool level = Status != 0;
            if (level == _level)
            {
                return;
            }

            _level = level;
            IInterruptLine? sink = _sink;
            if (sink != null)
            {
                sink.SetLevel(level);
            }
        }
    }
}
