namespace VirtioMmio.Transport
{
    /// <summary>
    /// Feature negotiation: the offered set (fixed at construction: never re-read from the device, so the set Linux
    /// saved before sleep is still valid after it), the selector registers, the driver's latched words, and the
    /// FEATURES_OK decision made inside the Status write.
    /// </summary>
    internal sealed class FeatureNegotiation
    {
        private readonly bool _legacy;
        private readonly RegisterReadImage _image;
        private uint _deviceFeaturesSel;
        private uint _driverLow;
        private uint _driverHigh;
        private bool _driverWroteBeyond64;

        public FeatureNegotiation(ulong offered, bool legacy, RegisterReadImage image)
        {
            Offered = offered;
            _legacy = legacy;
            _image = image;
        }

        /// <summary>The 64 feature bits offered to the driver (transport bits included).</summary>
        public ulong Offered { get; }

        /// <summary>DeviceFeaturesSel; every change puts the newly selected word into the read image.</summary>
        public uint DeviceFeaturesSel
        {
            get
            {
                return _deviceFeaturesSel;
            }

            private set
            {
                _deviceFeaturesSel = value;
                _image.Store(MmioRegisters.DeviceFeatures, ReadDeviceWord());
            }
        }

        public uint DriverFeaturesSel { get; private set; }

        /// <summary>The driver features as written so far (both words).</summary>
        public ulong DriverFeatures
        {
            get { return ((ulong)_driverHigh << 32) | _driverLow; }
        }

        /// <summary>The accepted feature set; 0 until FEATURES_OK (legacy: DRIVER_OK) was accepted.</summary>
        public ulong Negotiated { get; private set; }

        public bool IsNegotiated(ulong feature)
        {
            return (Negotiated & feature) != 0;
        }

        public void SelectDeviceWord(uint selector)
        {
            DeviceFeaturesSel = selector;
        }

        public void SelectDriverWord(uint selector)
        {
            DriverFeaturesSel = selector;
        }

        /// <summary>The offered word selected by DeviceFeaturesSel; words 2 and up are 0 (64-bit device).</summary>
        public uint ReadDeviceWord()
        {
            if (DeviceFeaturesSel == 0)
            {
                return (uint)Offered;
            }

            return DeviceFeaturesSel == 1 ? (uint)(Offered >> 32) : 0;
        }

        /// <summary>
        /// Latches the selected driver word verbatim. Unoffered bits are kept, not masked, so FEATURES_OK can refuse
        /// them (spec F-10). A non-zero word beyond 64 bits also makes FEATURES_OK fail: nothing there is offered.
        /// </summary>
        public void WriteDriverWord(uint value)
        {
            if (DriverFeaturesSel == 0)
            {
                _driverLow = value;
            }
            else if (DriverFeaturesSel == 1)
            {
                _driverHigh = value;
            }
            else if (value != 0)
            {
                _driverWroteBeyond64 = true;
            }
        }

        /// <summary>
        /// Modern FEATURES_OK decision: the driver set must be a subset of the offered set and contain VERSION_1.
        /// Pure function of the two sets, so an identical set is accepted again after any reset (spec F-04).
        /// </summary>
        public bool TryAccept()
        {
            ulong driver = DriverFeatures;
            if (_driverWroteBeyond64 || (driver & ~Offered) != 0 || (!_legacy && (driver & VirtioFeatures.Version1) == 0))
            {
                return false;
            }

            Negotiated = driver;
            return true;
        }

        /// <summary>Legacy commits at DRIVER_OK and has no refusal step: unoffered bits are simply dropped.</summary>
        public void AcceptLegacy()
        {
            Negotiated = DriverFeatures & Offered;
        }

        /// <summary>Device reset: forget the driver's words, selectors and the accepted set; the offer stays.</summary>
        public void Reset()
        {
            _driverLow = 0;
            _driverHigh = 0;
            _driverWroteBeyond64 = false;
            DeviceFeaturesSel = 0;
            DriverFeaturesSel = 0;
            Negotiated = 0;
        }
    }
}
