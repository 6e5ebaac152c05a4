using VirtioMmio.Annotations;
using VirtioMmio.Bridge;
using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Memory;

namespace VirtioMmio.App.Board
{
    /// <summary>
    /// The whole firmware of one board, minus the ESP32 API calls: board definition → physical outputs → clock and
    /// regulator devices (plus the suite's test devices) → slots in one memory window → bridge server and loop, plus
    /// the interrupt mirror pin,
    /// the status LED and the loop watchdog. Everything is allocated here, once; <see cref="Service"/> (one loop
    /// iteration) allocates nothing. The ESP32 app (firmware/VirtioFirmware) supplies the pins and the UART; host
    /// tests supply simulated ones and run exactly this code.
    /// </summary>
    public sealed class BoardFirmware
    {
        /// <summary>The loop must come round at least this often, or the watchdog restarts the board.</summary>
        public const int WatchdogTimeoutMs = 5000;

        public BoardFirmware(BoardDefinition board, IBoardHardware hardware, uint bootId, string firmwareVersion, long nowMs)
        {
            Board = board;
            ClockOutputs = new LedcClockOutputs(board, hardware);
            RegulatorOutputs = new GpioRegulatorOutputs(board, hardware);

            // The same slots as the emulator with --board: clock, regulator and the three test devices the restore
            // suite's protocol scenarios use, all in the board's memory window.
            Devices = StandardDeviceSet.FromBoard(board, ClockOutputs, new NoResetLines(), RegulatorOutputs);
            Memory = Devices.Memory;
            Clock = (ClockDevice)Devices.GetTransport(StandardDeviceSet.ClockSlot).Device;
            Regulator = (RegulatorDevice)Devices.GetTransport(StandardDeviceSet.RegulatorSlot).Device;

            if (board.InterruptPin != BoardDefinition.NoPin)
            {
                InterruptPin = new InterruptPinMirror(Devices.Interrupts, hardware.OpenOutput(board.InterruptPin, false));
                for (int slot = 0; slot < Devices.SlotCount; slot++)
                {
                    Devices.GetInterruptLine(slot).Next = InterruptPin;
                }
            }

            Server = new BridgeServer(Devices, board.Id, firmwareVersion, bootId, BridgeServer.DefaultMaxPacket, BridgeServer.DefaultCacheEntries);
            Loop = new BridgeLoop(Server);
            Led = new StatusLed(hardware.OpenOutput(board.StatusLedPin, false), nowMs);
            Watchdog = new LoopWatchdog(WatchdogTimeoutMs, nowMs);
        }

        public BoardDefinition Board { get; }

        public MemoryWindow Memory { get; }

        public DeviceSet Devices { get; }

        public LedcClockOutputs ClockOutputs { get; }

        public GpioRegulatorOutputs RegulatorOutputs { get; }

        /// <summary>The virtio-clock device (slot 0).</summary>
        public ClockDevice Clock { get; }

        /// <summary>The virtio-regulator device (slot 1).</summary>
        public RegulatorDevice Regulator { get; }

        /// <summary>The interrupt mirror, or null on a board without an interrupt pin.</summary>
        public InterruptPinMirror? InterruptPin { get; }

        public BridgeServer Server { get; }

        public BridgeLoop Loop { get; }

        public StatusLed Led { get; }

        public LoopWatchdog Watchdog { get; }

        /// <summary>
        /// One loop iteration: read what the channel has (waiting briefly), execute every complete frame, send the
        /// replies and any interrupt event, then kick the watchdog and update the LED. False once the channel has
        /// closed for good (the app then restarts the board).
        /// </summary>
        [NoirqExempt("The outer loop: waits for UART input, then drives the register path through the bridge")]
        public bool Service(IByteChannel channel, long nowMs)
        {
            bool open = Loop.Poll(channel);
            Watchdog.Kick(nowMs);
            Led.Update(nowMs, Loop.FramesReceived);
            return open;
        }
    }
}
