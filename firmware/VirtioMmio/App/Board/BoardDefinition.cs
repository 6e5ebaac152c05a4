namespace VirtioMmio.App.Board
{
    /// <summary>
    /// Everything the firmware needs to know about one board: the application UART, the status and interrupt
    /// pins, the memory window and queue geometry, and the clock and regulator outputs. Built once at start-up
    /// from code generated out of boards/*.json (host-tests/src/Boards), so the firmware never parses JSON.
    /// Immutable after construction.
    /// </summary>
    public sealed class BoardDefinition
    {
        /// <summary>Pin value meaning "not connected".</summary>
        public const int NoPin = -1;

        private readonly ClockOutputDefinition[] _clocks;
        private readonly RegulatorOutputDefinition[] _regulators;

        public BoardDefinition(
            string id,
            string nanoffTarget,
            int uartTxPin,
            int uartRxPin,
            int baudRate,
            int statusLedPin,
            int interruptPin,
            ulong memoryWindowBase,
            int memoryWindowSize,
            ushort queueSize,
            ClockOutputDefinition[] clocks,
            RegulatorOutputDefinition[] regulators)
        {
            if (id == null || nanoffTarget == null || clocks == null || regulators == null)
            {
                throw new System.ArgumentNullException();
            }

            Id = id;
            NanoffTarget = nanoffTarget;
            UartTxPin = uartTxPin;
            UartRxPin = uartRxPin;
            BaudRate = baudRate;
            StatusLedPin = statusLedPin;
            InterruptPin = interruptPin;
            MemoryWindowBase = memoryWindowBase;
            MemoryWindowSize = memoryWindowSize;
            QueueSize = queueSize;
            _clocks = clocks;
            _regulators = regulators;
        }

        /// <summary>Board id, e.g. "esp32-devkitc" (the boards/ file name).</summary>
        public string Id { get; }

        /// <summary>nanoff --target image name, e.g. "ESP32_REV3".</summary>
        public string NanoffTarget { get; }

        /// <summary>COM2 TX pin (COM1 carries the nanoFramework debugger).</summary>
        public int UartTxPin { get; }

        /// <summary>COM2 RX pin.</summary>
        public int UartRxPin { get; }

        public int BaudRate { get; }

        public int StatusLedPin { get; }

        /// <summary>GPIO mirroring the virtio interrupt line, or <see cref="NoPin"/>.</summary>
        public int InterruptPin { get; }

        public ulong MemoryWindowBase { get; }

        public int MemoryWindowSize { get; }

        /// <summary>QueueNumMax of every virtqueue (test-2q's second queue: twice this).</summary>
        public ushort QueueSize { get; }

        public int ClockCount
        {
            get { return _clocks.Length; }
        }

        public int RegulatorCount
        {
            get { return _regulators.Length; }
        }

        public ClockOutputDefinition GetClock(int index)
        {
            return _clocks[index];
        }

        public RegulatorOutputDefinition GetRegulator(int index)
        {
            return _regulators[index];
        }
    }
}
