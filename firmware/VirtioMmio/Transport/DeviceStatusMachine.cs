namespace VirtioMmio.Transport
{
    /// <summary>
    /// The strict device status state machine (Firecracker / rust-vmm style): the sequence bits only move forward
    /// one step at a time (0 → ACK → ACK|DRIVER → +FEATURES_OK → +DRIVER_OK; legacy skips FEATURES_OK).
    /// Two bits stand outside the sequence: FAILED, which the driver may OR in at any time without blocking later
    /// steps (Linux restore re-adds it and carries on), and DEVICE_NEEDS_RESET, which only the device sets
    /// (a driver writing back what it read is not an attempt to set it). Writing 0 resets from any state.
    /// </summary>
    internal sealed class DeviceStatusMachine
    {
        private const uint DriverWritable = DeviceStatus.SequenceMask | DeviceStatus.Failed | DeviceStatus.DeviceNeedsReset;

        private readonly bool _legacy;
        private readonly RegisterReadImage _image;
        private uint _value;

        public DeviceStatusMachine(bool legacy, RegisterReadImage image)
        {
            _legacy = legacy;
            _image = image;
        }

        /// <summary>Current Status register value; every change is mirrored into the read image.</summary>
        public uint Value
        {
            get
            {
                return _value;
            }

            private set
            {
                _value = value;
                _image.Store(MmioRegisters.Status, value);
            }
        }

        public bool IsDriverOk
        {
            get { return (Value & DeviceStatus.DriverOk) != 0; }
        }

        public bool NeedsReset
        {
            get { return (Value & DeviceStatus.DeviceNeedsReset) != 0; }
        }

        /// <summary>Classifies a driver write without changing anything.</summary>
        public StatusTransition Classify(uint written)
        {
            if (written == 0)
            {
                return StatusTransition.Reset;
            }

            if ((written & ~DriverWritable) != 0)
            {
                return StatusTransition.Invalid;
            }

            uint current = Value & DeviceStatus.SequenceMask;
            uint next = written & DeviceStatus.SequenceMask;
            if (next == current)
            {
                return StatusTransition.NoChange;
            }

            // FAILED with fewer sequence bits (e.g. a lone 0x80): the driver gives up; take FAILED, keep the rest.
            if ((written & DeviceStatus.Failed) != 0 && (next & ~current) == 0)
            {
                return StatusTransition.NoChange;
            }

            const uint AckDriver = DeviceStatus.Acknowledge | DeviceStatus.Driver;
            if (current == 0 && next == DeviceStatus.Acknowledge)
            {
                return StatusTransition.Acknowledge;
            }

            if (current == DeviceStatus.Acknowledge && next == AckDriver)
            {
                return StatusTransition.Driver;
            }

            if (_legacy)
            {
                // Legacy has no FEATURES_OK step (spec §3.1.2).
                return current == AckDriver && next == (AckDriver | DeviceStatus.DriverOk)
                    ? StatusTransition.DriverOk
                    : StatusTransition.Invalid;
            }

            if (current == AckDriver && next == (AckDriver | DeviceStatus.FeaturesOk))
            {
                return StatusTransition.FeaturesOk;
            }

            if (current == (AckDriver | DeviceStatus.FeaturesOk) && next == (AckDriver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk))
            {
                return StatusTransition.DriverOk;
            }

            return StatusTransition.Invalid;
        }

        /// <summary>Commits an accepted (classified, non-reset, non-invalid) write.</summary>
        public void Apply(uint written)
        {
            Value = (written & DeviceStatus.SequenceMask)
                | ((written | Value) & DeviceStatus.Failed)
                | (Value & DeviceStatus.DeviceNeedsReset);
        }

        /// <summary>A refused FEATURES_OK write still records FAILED if the driver included it.</summary>
        public void ApplyFailedOnly(uint written)
        {
            Value |= written & DeviceStatus.Failed;
        }

        public void SetNeedsReset()
        {
            Value |= DeviceStatus.DeviceNeedsReset;
        }

        public void Reset()
        {
            Value = 0;
        }
    }
}
