using VirtioMmio.Memory;
using VirtioMmio.Queue;

namespace VirtioMmio.Transport
{
    /// <summary>
    /// The virtio-mmio register file (Version 2, optionally legacy Version 1) of one device.
    /// Every access completes synchronously inside the call: reset, FEATURES_OK, QueueReady and request
    /// processing (QueueNotify) never defer work. No allocation after construction.
    /// The register file only decodes and dispatches: status rules live in <see cref="DeviceStatusMachine"/>,
    /// feature rules in <see cref="FeatureNegotiation"/>, ring rules in <see cref="SplitQueue"/>, and the
    /// behaviour for every invalid access is the table in docs/register-policy.md. Aligned 32-bit control reads are
    /// served from a <see cref="RegisterReadImage"/> kept current by the state's owners; every other access, and the
    /// definition of what each read returns, goes through the decoder (<see cref="ReadDecoded"/>).
    /// </summary>
    public sealed class MmioTransport : IDeviceHost, IUsedBufferSink
    {
        private readonly RegisterReadImage _image = new RegisterReadImage();
        private readonly uint[] _readValues;  // the image's arrays, held here so a read is one load from this object
        private readonly byte[] _readResults;
        private readonly DeviceStatusMachine _status;
        private readonly FeatureNegotiation _features;
        private readonly InterruptController _interrupts;
        private readonly SplitQueue[] _queues;
        private readonly VirtioRequest _request = new VirtioRequest();
        private readonly bool _legacy;
        private readonly uint _deviceId;
        private readonly uint _vendorId;
        private readonly bool _ringReset;
        private readonly byte[]? _configView; // the personality's live config space, if it offers one (IConfigSpaceView)
        private uint _queueSel;
        private uint _guestPageSize = 4096;
        private uint _configGeneration;
        private bool _configChangeUnacknowledged;

        public MmioTransport(IVirtioPersonality device, MemoryWindow memory, TransportOptions options)
        {
            if (device == null || memory == null || options == null || (options.Version != 1 && options.Version != 2))
            {
                throw new System.ArgumentException();
            }

            Device = device;
            Memory = memory;
            Options = options;
            _legacy = options.Version == 1;
            // Options is a mutable class: take what the register file needs once, so it is fixed for the lifetime.
            _deviceId = device.DeviceId;
            _vendorId = options.VendorId;
            _ringReset = options.OfferRingReset && !_legacy;
            _status = new DeviceStatusMachine(_legacy, _image);
            _features = new FeatureNegotiation(ComputeOfferedFeatures(device.DeviceFeatures, options), _legacy, _image);
            _interrupts = new InterruptController(_image);
            _readValues = _image.Values;
            _readResults = _image.Results;
            IConfigSpaceView? view = device as IConfigSpaceView;
            if (view != null)
            {
                _configView = view.ConfigSpace;
                if (_configView == null || _configView.Length != device.ConfigSize)
                {
                    throw new System.ArgumentException();
                }
            }

            int count = device.QueueCount;
            if (count < 0)
            {
                throw new System.ArgumentOutOfRangeException();
            }

            _queues = new SplitQueue[count];
            for (int i = 0; i < count; i++)
            {
                ushort max = device.GetQueueMaxSize(i);
                if (!SplitRing.IsPowerOfTwo(max) || max > SplitRing.MaxQueueSize)
                {
                    throw new System.ArgumentOutOfRangeException();
                }

                _queues[i] = new SplitQueue(i, max);
            }

            // The image starts as the decoder's answer for every word; from here on the state's owners keep it current.
            for (int offset = 0; offset < MmioRegisters.Config; offset += 4)
            {
                MmioAccessResult result = ReadDecoded(offset, 4, out uint value);
                _image.Define(offset, ShowsSelectedQueue(offset) ? RegisterReadImage.NotImaged : result, value);
            }

            device.Attach(this);
        }

        public IVirtioPersonality Device { get; }

        public MemoryWindow Memory { get; }

        public TransportOptions Options { get; }

        /// <summary>Current Status register value.</summary>
        public uint Status
        {
            get { return _status.Value; }
        }

        /// <summary>Current InterruptStatus register value.</summary>
        public uint InterruptStatus
        {
            get { return _interrupts.Status; }
        }

        /// <summary>Level of the interrupt line: asserted while InterruptStatus != 0.</summary>
        public bool InterruptLine
        {
            get { return _interrupts.Level; }
        }

        /// <summary>Requests completed (used elements published) since construction; survives resets.</summary>
        public uint RequestsCompleted { get; private set; }

        /// <summary>QueueNotify writes accepted since construction; survives resets.</summary>
        public uint Notifies { get; private set; }

        /// <summary>Device resets (Status written 0) since construction.</summary>
        public uint Resets { get; private set; }

        /// <summary>ConfigGeneration register: bumped on every device-side config change; survives resets.</summary>
        public uint ConfigGeneration
        {
            get
            {
                return _configGeneration;
            }

            private set
            {
                _configGeneration = value;
                _image.Store(MmioRegisters.ConfigGeneration, value);
            }
        }

        /// <summary>The feature set offered to the driver (fixed for the device's lifetime).</summary>
        public ulong OfferedFeatures
        {
            get { return _features.Offered; }
        }

        /// <summary>The feature set accepted at FEATURES_OK (legacy: DRIVER_OK); 0 before that and after a reset.</summary>
        public ulong NegotiatedFeatures
        {
            get { return _features.Negotiated; }
        }

        /// <summary>Why the last queue stopped with DEVICE_NEEDS_RESET (diagnostics; None if it never happened).</summary>
        public QueueError LastQueueError { get; private set; }

        /// <summary>Number of queues (the personality's).</summary>
        public int QueueCount
        {
            get { return _queues.Length; }
        }

        /// <summary>Optional receiver of interrupt-line level changes.</summary>
        public IInterruptLine? InterruptSink
        {
            get { return _interrupts.Sink; }
            set { _interrupts.Sink = value; }
        }

        /// <summary>Read-only view of one queue's state (diagnostics and tests).</summary>
        public SplitQueue GetQueue(int index)
        {
            return _queues[index];
        }

        /// <summary>
        /// Register read of <paramref name="width"/> bytes (1, 2 or 4) at <paramref name="offset"/>.
        /// <paramref name="value"/> follows docs/register-policy.md even when the result is not Ok.
        /// </summary>
        public MmioAccessResult Read(int offset, int width, out uint value)
        {
            if (offset >= MmioRegisters.Config)
            {
                // A 32-bit config field (aligned, inside the personality's array) is a plain little-endian load.
                int configOffset = offset - MmioRegisters.Config;
                byte[]? view = _configView;
                if (width == 4 && view != null && (configOffset & 3) == 0 && configOffset <= view.Length - 4)
                {
                    value = LittleEndian.ReadU32(view, configOffset);
                    return MmioAccessResult.Ok;
                }

                return ReadConfig(configOffset, width, out value);
            }

            // Aligned 32-bit control read (every one Linux makes): the read image holds the answer, or says whose it is.
            if (width == 4 && (offset & 3) == 0 && offset >= 0)
            {
                int word = offset >> 2;
                value = _readValues[word];
                MmioAccessResult result = (MmioAccessResult)_readResults[word];
                return result != RegisterReadImage.NotImaged ? result : ReadDecoded(offset, width, out value);
            }

            return ReadDecoded(offset, width, out value);
        }

        /// <summary>
        /// The authoritative decode of a read, straight from the state: serves config space and every odd-shaped
        /// access, defines the read image at construction, and is what the coherence tests compare the image with.
        /// </summary>
        internal MmioAccessResult ReadDecoded(int offset, int width, out uint value)
        {
            value = 0;
            if (offset >= MmioRegisters.Config)
            {
                return ReadConfig(offset - MmioRegisters.Config, width, out value);
            }

            MmioAccessResult shape = CheckControlAccess(offset, width);
            if (shape != MmioAccessResult.Ok)
            {
                return shape;
            }

            switch (offset)
            {
                case MmioRegisters.MagicValue:
                    value = MmioRegisters.MagicValueExpected;
                    return MmioAccessResult.Ok;
                case MmioRegisters.Version:
                    value = _legacy ? 1u : 2u;
                    return MmioAccessResult.Ok;
                case MmioRegisters.DeviceId:
                    value = _deviceId;
                    return MmioAccessResult.Ok;
                case MmioRegisters.VendorId:
                    value = _vendorId;
                    return MmioAccessResult.Ok;
                case MmioRegisters.DeviceFeatures:
                    value = _features.ReadDeviceWord();
                    return MmioAccessResult.Ok;
                case MmioRegisters.QueueNumMax:
                    // 0 for a queue that does not exist (spec M-15).
                    SplitQueue? selected = SelectedQueue();
                    value = selected == null ? 0u : selected.MaxSize;
                    return MmioAccessResult.Ok;
                case MmioRegisters.InterruptStatus:
                    value = _interrupts.Status;
                    return MmioAccessResult.Ok;
                case MmioRegisters.Status:
                    value = _status.Value;
                    return MmioAccessResult.Ok;
                case MmioRegisters.DeviceFeaturesSel:
                case MmioRegisters.DriverFeatures:
                case MmioRegisters.DriverFeaturesSel:
                case MmioRegisters.QueueSel:
                case MmioRegisters.QueueNum:
                case MmioRegisters.QueueNotify:
                case MmioRegisters.InterruptAck:
                    return MmioAccessResult.WriteOnlyRegister;
            }

            return _legacy ? ReadLegacyOnly(offset, out value) : ReadModernOnly(offset, out value);
        }

        /// <summary>Register write of <paramref name="width"/> bytes (1, 2 or 4) at <paramref name="offset"/>.</summary>
        public MmioAccessResult Write(int offset, int width, uint value)
        {
            if (offset >= MmioRegisters.Config)
            {
                return WriteConfig(offset - MmioRegisters.Config, width, value);
            }

            MmioAccessResult shape = CheckControlAccess(offset, width);
            if (shape != MmioAccessResult.Ok)
            {
                return shape;
            }

            switch (offset)
            {
                case MmioRegisters.MagicValue:
                case MmioRegisters.Version:
                case MmioRegisters.DeviceId:
                case MmioRegisters.VendorId:
                case MmioRegisters.DeviceFeatures:
                case MmioRegisters.QueueNumMax:
                case MmioRegisters.InterruptStatus:
                    return MmioAccessResult.ReadOnlyRegister;
                case MmioRegisters.DeviceFeaturesSel:
                    _features.SelectDeviceWord(value);
                    return MmioAccessResult.Ok;
                case MmioRegisters.DriverFeaturesSel:
                    _features.SelectDriverWord(value);
                    return MmioAccessResult.Ok;
                case MmioRegisters.DriverFeatures:
                    return WriteDriverFeatures(value);
                case MmioRegisters.QueueSel:
                    _queueSel = value;
                    return MmioAccessResult.Ok;
                case MmioRegisters.QueueNum:
                    return WriteQueueNum(value);
                case MmioRegisters.QueueNotify:
                    return WriteQueueNotify(value);
                case MmioRegisters.InterruptAck:
                    if ((value & _interrupts.Status) == 0)
                    {
                        // Nothing set is acknowledged: no bit clears, the line keeps its level, no config change is ACKed.
                        return MmioAccessResult.Ok;
                    }

                    // Only an ACK of a delivered bit 1 acknowledges the config change (a stray ACK does not).
                    if ((value & _interrupts.Status & MmioRegisters.InterruptConfigChange) != 0)
                    {
                        _configChangeUnacknowledged = false;
                    }

                    _interrupts.Acknowledge(value);
                    return MmioAccessResult.Ok;
                case MmioRegisters.Status:
                    if (value != 0 && value == _status.Value)
                    {
                        // Rewriting the current value is NoChange with no new FAILED bit: skip the classifier.
                        return MmioAccessResult.Ok;
                    }

                    return WriteStatus(value);
            }

            return _legacy ? WriteLegacyOnly(offset, value) : WriteModernOnly(offset, value);
        }

        /// <summary>
        /// The device changed its config space: bump ConfigGeneration, and signal it now if DRIVER_OK is set.
        /// The change stays "unacknowledged" until the driver ACKs bit 1; if a reset wipes InterruptStatus first
        /// (the Linux restore path resets before it services interrupts), bit 1 is raised again at the next
        /// DRIVER_OK so the change is not lost (virtio-noirq-restore.md §3.9).
        /// </summary>
        public void NotifyConfigChanged()
        {
            ConfigGeneration++;
            _configChangeUnacknowledged = true;
            if (_status.IsDriverOk)
            {
                _interrupts.Raise(MmioRegisters.InterruptConfigChange);
            }
        }

        /// <summary>Unrecoverable device error: DEVICE_NEEDS_RESET, and a config interrupt once DRIVER_OK is set (spec S-03).</summary>
        public void SignalNeedsReset()
        {
            _status.SetNeedsReset();
            if (_status.IsDriverOk)
            {
                _interrupts.Raise(MmioRegisters.InterruptConfigChange);
            }
        }

        bool IUsedBufferSink.OnUsedBufferPublished(int queueIndex, bool notify)
        {
            RequestsCompleted++;
            if (notify)
            {
                _interrupts.Raise(MmioRegisters.InterruptUsedBuffer);
            }

            // A personality that signalled DEVICE_NEEDS_RESET while handling the request halts the device.
            return !_status.NeedsReset;
        }

        private static ulong ComputeOfferedFeatures(ulong deviceFeatures, TransportOptions options)
        {
            ulong offered = deviceFeatures & VirtioFeatures.DeviceTypeMask;
            if (options.OfferIndirectDescriptors)
            {
                offered |= VirtioFeatures.IndirectDescriptors;
            }

            if (options.OfferEventIdx)
            {
                offered |= VirtioFeatures.EventIdx;
            }

            if (options.Version != 1)
            {
                // Modern only: legacy devices must not offer VERSION_1, and the rest have no legacy meaning.
                offered |= VirtioFeatures.Version1;
                if (options.OfferAccessPlatform)
                {
                    offered |= VirtioFeatures.AccessPlatform;
                }

                if (options.OfferRingReset)
                {
                    offered |= VirtioFeatures.RingReset;
                }
            }

            return offered;
        }

        // Control registers (below 0x100): 32-bit, aligned, non-negative (spec M-17).
        private static MmioAccessResult CheckControlAccess(int offset, int width)
        {
            if (offset < 0)
            {
                return MmioAccessResult.UndefinedOffset;
            }

            if (width != 4)
            {
                return MmioAccessResult.BadWidth;
            }

            return (offset & 3) != 0 ? MmioAccessResult.Misaligned : MmioAccessResult.Ok;
        }

        private SplitQueue? SelectedQueue()
        {
            return _queueSel < (uint)_queues.Length ? _queues[_queueSel] : null;
        }

        // QueueNumMax, QueueReady (modern) and QueuePFN (legacy) show the selected queue. They are not copied into the
        // read image: refreshing them at every QueueSel write cost more there than it saved on the reads (measured,
        // docs/performance.md), so the image marks them and the decoder answers them from the queue.
        private bool ShowsSelectedQueue(int offset)
        {
            return offset == MmioRegisters.QueueNumMax
                || offset == (_legacy ? MmioRegisters.LegacyQueuePfn : MmioRegisters.QueueReady);
        }

        private MmioAccessResult ReadModernOnly(int offset, out uint value)
        {
            value = 0;
            SplitQueue? queue = SelectedQueue();
            switch (offset)
            {
                case MmioRegisters.QueueReady:
                    value = queue != null && queue.Ready ? 1u : 0u;
                    return MmioAccessResult.Ok;
                case MmioRegisters.ShmLenLow:
                case MmioRegisters.ShmLenHigh:
                case MmioRegisters.ShmBaseLow:
                case MmioRegisters.ShmBaseHigh:
                    // No shared memory regions: every SHMSel reads as "does not exist" (spec M-13).
                    value = 0xFFFFFFFF;
                    return MmioAccessResult.Ok;
                case MmioRegisters.QueueReset:
                    if (!_ringReset)
                    {
                        return MmioAccessResult.UndefinedOffset;
                    }

                    // Queue resets complete inside the write, so a reset is never observed in progress (M-08..M-10).
                    return MmioAccessResult.Ok;
                case MmioRegisters.ConfigGeneration:
                    value = ConfigGeneration;
                    return MmioAccessResult.Ok;
                case MmioRegisters.QueueDescLow:
                case MmioRegisters.QueueDescHigh:
                case MmioRegisters.QueueDriverLow:
                case MmioRegisters.QueueDriverHigh:
                case MmioRegisters.QueueDeviceLow:
                case MmioRegisters.QueueDeviceHigh:
                case MmioRegisters.ShmSel:
                    return MmioAccessResult.WriteOnlyRegister;
            }

            return MmioAccessResult.UndefinedOffset;
        }

        private MmioAccessResult ReadLegacyOnly(int offset, out uint value)
        {
            value = 0;
            switch (offset)
            {
                case MmioRegisters.LegacyQueuePfn:
                    SplitQueue? queue = SelectedQueue();
                    value = queue == null ? 0u : queue.LegacyPfn;
                    return MmioAccessResult.Ok;
                case MmioRegisters.LegacyGuestPageSize:
                case MmioRegisters.LegacyQueueAlign:
                    return MmioAccessResult.WriteOnlyRegister;
            }

            return MmioAccessResult.UndefinedOffset;
        }

        private MmioAccessResult WriteModernOnly(int offset, uint value)
        {
            switch (offset)
            {
                case MmioRegisters.QueueReady:
                    return WriteQueueReady(value);
                case MmioRegisters.QueueDescLow:
                case MmioRegisters.QueueDescHigh:
                case MmioRegisters.QueueDriverLow:
                case MmioRegisters.QueueDriverHigh:
                case MmioRegisters.QueueDeviceLow:
                case MmioRegisters.QueueDeviceHigh:
                    return WriteQueueAddress(offset, value);
                case MmioRegisters.ShmSel:
                    return MmioAccessResult.Ok;
                case MmioRegisters.QueueReset:
                    return _ringReset ? WriteQueueReset(value) : MmioAccessResult.UndefinedOffset;
                case MmioRegisters.ShmLenLow:
                case MmioRegisters.ShmLenHigh:
                case MmioRegisters.ShmBaseLow:
                case MmioRegisters.ShmBaseHigh:
                case MmioRegisters.ConfigGeneration:
                    return MmioAccessResult.ReadOnlyRegister;
            }

            return MmioAccessResult.UndefinedOffset;
        }

        private MmioAccessResult WriteLegacyOnly(int offset, uint value)
        {
            switch (offset)
            {
                case MmioRegisters.LegacyGuestPageSize:
                    // Linux writes it at probe and again in restore; any power of two, any time.
                    if (!SplitRing.IsPowerOfTwo(value))
                    {
                        return MmioAccessResult.IgnoredInState;
                    }

                    _guestPageSize = value;
                    return MmioAccessResult.Ok;
                case MmioRegisters.LegacyQueueAlign:
                    SplitQueue? alignQueue = SelectedQueue();
                    if (alignQueue == null || alignQueue.LegacyPfn != 0 || !SplitRing.IsPowerOfTwo(value))
                    {
                        return MmioAccessResult.IgnoredInState;
                    }

                    alignQueue.SetLegacyAlign(value);
                    return MmioAccessResult.Ok;
                case MmioRegisters.LegacyQueuePfn:
                    return WriteLegacyPfn(value);
            }

            return MmioAccessResult.UndefinedOffset;
        }

        // DriverFeatures is latched only between DRIVER and FEATURES_OK (legacy: before DRIVER_OK) (spec F-11).
        private MmioAccessResult WriteDriverFeatures(uint value)
        {
            uint status = _status.Value;
            uint closingBit = _legacy ? DeviceStatus.DriverOk : DeviceStatus.FeaturesOk;
            if ((status & DeviceStatus.Driver) == 0 || (status & closingBit) != 0)
            {
                return MmioAccessResult.IgnoredInState;
            }

            _features.WriteDriverWord(value);
            return MmioAccessResult.Ok;
        }

        private MmioAccessResult WriteStatus(uint value)
        {
            switch (_status.Classify(value))
            {
                case StatusTransition.Reset:
                    ResetDevice();
                    return MmioAccessResult.Ok;
                case StatusTransition.Invalid:
                    return MmioAccessResult.IgnoredInState;
                case StatusTransition.NoChange:
                    _status.ApplyFailedOnly(value);
                    return MmioAccessResult.Ok;
                case StatusTransition.FeaturesOk:
                    if (!_features.TryAccept())
                    {
                        // Refused inside the write: the read-back lacks FEATURES_OK (spec F-02).
                        _status.ApplyFailedOnly(value);
                        return MmioAccessResult.Ok;
                    }

                    _status.Apply(value);
                    Device.OnFeaturesNegotiated(_features.Negotiated);
                    return MmioAccessResult.Ok;
                case StatusTransition.DriverOk:
                    if (_legacy)
                    {
                        _features.AcceptLegacy();
                        Device.OnFeaturesNegotiated(_features.Negotiated);
                    }

                    _status.Apply(value);
                    OnDriverOk();
                    return MmioAccessResult.Ok;
                default:
                    _status.Apply(value);
                    return MmioAccessResult.Ok;
            }
        }

        // DRIVER_OK: signal what the driver could not see yet, then take buffers posted before it (spec S-02).
        private void OnDriverOk()
        {
            if (_configChangeUnacknowledged || _status.NeedsReset)
            {
                _interrupts.Raise(MmioRegisters.InterruptConfigChange);
            }

            for (int i = 0; i < _queues.Length; i++)
            {
                SplitQueue queue = _queues[i];
                if (queue.Ready && !_status.NeedsReset)
                {
                    if (!queue.PublishUsedFlags(Memory))
                    {
                        FailQueue(QueueError.OutsideMemoryWindow);
                        return;
                    }

                    ProcessQueue(queue);
                }
            }
        }

        /// <summary>
        /// Status=0: everything a reset touches, synchronously (spec R-01..R-04, M-05): status, features, selectors,
        /// every queue (not ready, indices 0), InterruptStatus and the line. No memory access. ConfigGeneration and
        /// an unacknowledged config change survive (see <see cref="NotifyConfigChanged"/>).
        /// </summary>
        private void ResetDevice()
        {
            _status.Reset();
            _features.Reset();
            _queueSel = 0;
            for (int i = 0; i < _queues.Length; i++)
            {
                _queues[i].Reset();
            }

            _interrupts.Clear();
            Resets++;
            Device.OnReset();
        }

        private MmioAccessResult WriteQueueNum(uint value)
        {
            SplitQueue? queue = SelectedQueue();
            if (queue == null || IsLive(queue) || !queue.TrySetSize(value))
            {
                return MmioAccessResult.IgnoredInState;
            }

            return MmioAccessResult.Ok;
        }

        private bool IsLive(SplitQueue queue)
        {
            return _legacy ? queue.LegacyPfn != 0 : queue.Ready;
        }

        private MmioAccessResult WriteQueueAddress(int offset, uint value)
        {
            SplitQueue? queue = SelectedQueue();
            if (queue == null || queue.Ready)
            {
                return MmioAccessResult.IgnoredInState;
            }

            switch (offset)
            {
                case MmioRegisters.QueueDescLow:
                    queue.SetDescLow(value);
                    break;
                case MmioRegisters.QueueDescHigh:
                    queue.SetDescHigh(value);
                    break;
                case MmioRegisters.QueueDriverLow:
                    queue.SetDriverLow(value);
                    break;
                case MmioRegisters.QueueDriverHigh:
                    queue.SetDriverHigh(value);
                    break;
                case MmioRegisters.QueueDeviceLow:
                    queue.SetDeviceLow(value);
                    break;
                default:
                    queue.SetDeviceHigh(value);
                    break;
            }

            return MmioAccessResult.Ok;
        }

        private MmioAccessResult WriteQueueReady(uint value)
        {
            SplitQueue? queue = SelectedQueue();
            if (queue == null || value > 1)
            {
                return MmioAccessResult.IgnoredInState;
            }

            if (value == 0)
            {
                queue.Disable();
                return MmioAccessResult.Ok;
            }

            if (queue.Ready)
            {
                return MmioAccessResult.Ok;
            }

            if (!queue.TryEnable(Memory))
            {
                FailQueue(QueueError.BadRingLayout);
                return MmioAccessResult.Ok;
            }

            ActivateIfLive(queue);
            return MmioAccessResult.Ok;
        }

        private MmioAccessResult WriteLegacyPfn(uint value)
        {
            SplitQueue? queue = SelectedQueue();
            if (queue == null || (value != 0 && queue.LegacyPfn != 0))
            {
                return MmioAccessResult.IgnoredInState;
            }

            if (!queue.TrySetLegacyPfn(value, _guestPageSize, Memory))
            {
                FailQueue(QueueError.BadRingLayout);
                return MmioAccessResult.Ok;
            }

            if (value != 0)
            {
                ActivateIfLive(queue);
            }

            return MmioAccessResult.Ok;
        }

        // A queue enabled after DRIVER_OK owns used.flags from now on; it is processed at its first notify.
        private void ActivateIfLive(SplitQueue queue)
        {
            if (_status.IsDriverOk && !_status.NeedsReset && !queue.PublishUsedFlags(Memory))
            {
                FailQueue(QueueError.OutsideMemoryWindow);
            }
        }

        private MmioAccessResult WriteQueueReset(uint value)
        {
            SplitQueue? queue = SelectedQueue();
            if (queue == null || value != 1 || !_features.IsNegotiated(VirtioFeatures.RingReset))
            {
                return MmioAccessResult.IgnoredInState;
            }

            queue.Reset();
            return MmioAccessResult.Ok;
        }

        private MmioAccessResult WriteQueueNotify(uint value)
        {
            // Without NOTIFICATION_DATA (never offered) the value is the queue index (spec M-26).
            if (value >= (uint)_queues.Length)
            {
                return MmioAccessResult.IgnoredInState;
            }

            if (!_status.IsDriverOk)
            {
                // Buffers posted now are picked up at DRIVER_OK (spec S-02).
                return MmioAccessResult.IgnoredInState;
            }

            Notifies++;
            ProcessQueue(_queues[value]);
            return MmioAccessResult.Ok;
        }

        private void ProcessQueue(SplitQueue queue)
        {
            if (!queue.Ready || _status.NeedsReset)
            {
                return;
            }

            QueueError error = queue.ProcessAvailable(
                Memory,
                Device,
                _request,
                _features.IsNegotiated(VirtioFeatures.IndirectDescriptors),
                _features.IsNegotiated(VirtioFeatures.EventIdx),
                this);
            if (error != QueueError.None)
            {
                FailQueue(error);
            }
        }

        // Malformed ring or layout: stop the whole device until reset (DEVICE_NEEDS_RESET + config interrupt).
        private void FailQueue(QueueError error)
        {
            LastQueueError = error;
            SignalNeedsReset();
        }

        private MmioAccessResult CheckConfigAccess(int configOffset, int width)
        {
            if (width != 1 && width != 2 && width != 4)
            {
                return MmioAccessResult.BadWidth;
            }

            if ((configOffset & (width - 1)) != 0)
            {
                return MmioAccessResult.Misaligned;
            }

            // A config view's size is fixed (IConfigSpaceView), so its length stands in for the interface call.
            int size = _configView != null ? _configView.Length : Device.ConfigSize;
            return configOffset > size - width ? MmioAccessResult.UndefinedOffset : MmioAccessResult.Ok;
        }

        // Config space is readable in any state (spec C-01), little-endian (C-02).
        private MmioAccessResult ReadConfig(int configOffset, int width, out uint value)
        {
            value = 0;
            MmioAccessResult shape = CheckConfigAccess(configOffset, width);
            if (shape != MmioAccessResult.Ok)
            {
                return shape;
            }

            byte[]? view = _configView;
            if (view != null)
            {
                value = width == 4 ? LittleEndian.ReadU32(view, configOffset)
                    : width == 2 ? LittleEndian.ReadU16(view, configOffset)
                    : view[configOffset];
                return MmioAccessResult.Ok;
            }

            for (int i = width - 1; i >= 0; i--)
            {
                value = (value << 8) | Device.ReadConfigByte(configOffset + i);
            }

            return MmioAccessResult.Ok;
        }

        // Modern: config writes are ignored before DRIVER (spec C-05). Legacy must accept them (spec §3.1.2).
        private MmioAccessResult WriteConfig(int configOffset, int width, uint value)
        {
            MmioAccessResult shape = CheckConfigAccess(configOffset, width);
            if (shape != MmioAccessResult.Ok)
            {
                return shape;
            }

            if (!_legacy && (_status.Value & DeviceStatus.Driver) == 0)
            {
                return MmioAccessResult.IgnoredInState;
            }

            for (int i = 0; i < width; i++)
            {
                Device.WriteConfigByte(configOffset + i, (byte)(value >> (8 * i)));
            }

            return MmioAccessResult.Ok;
        }
    }
}
