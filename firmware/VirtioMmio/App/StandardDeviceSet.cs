using VirtioMmio.App.Board;
using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Devices.Test;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace VirtioMmio.App
{
    /// <summary>
    /// The set of device slots a board (or the emulator) exposes on the bridge:
    /// slot 0 clock, 1 regulator, 2 test-2q, 3 test-1q, 4 test-legacy, all sharing one memory window.
    /// Clocks, regulators, the window and the queue size come from the board definition, or from built-in
    /// defaults. The hardware outputs are passed in: LEDC/GPIO drivers on a board, simulated ones in the emulator.
    /// </summary>
    public static class StandardDeviceSet
    {
        /// <summary>Default guest-physical base of the shared memory window.</summary>
        public const ulong DefaultMemoryBase = 0x40000000;

        /// <summary>Default size of the shared memory window: room for the rings and buffers of every slot.</summary>
        public const int DefaultMemorySize = 0x10000;

        public const ushort DefaultQueueSize = 16;

        public const int ClockSlot = 0;
        public const int RegulatorSlot = 1;
        public const int Test2QSlot = 2;
        public const int Test1QSlot = 3;
        public const int TestLegacySlot = 4;
        public const int SlotCount = 5;

        /// <summary>Reset lines of the default clock controller (boards define none).</summary>
        public const int DefaultResetLines = 1;

        /// <summary>Composes the five slots from explicit resources.</summary>
        public static DeviceSet Create(
            MemoryWindow memory,
            ushort queueSize,
            ClockDescriptor[] clocks,
            ResetDescriptor[] resets,
            RegulatorDescriptor[] regulators,
            IClockOutput clockOutput,
            IResetLine resetLine,
            IRegulatorOutput regulatorOutput)
        {
            DeviceSet set = new DeviceSet(memory, SlotCount);
            ClockDeviceOptions clockOptions = new ClockDeviceOptions();
            clockOptions.QueueMaxSize = queueSize;
            RegulatorDeviceOptions regulatorOptions = new RegulatorDeviceOptions();
            regulatorOptions.QueueMaxSize = queueSize;
            set.AddSlot("clock", new ClockDevice(clocks, resets, clockOptions, clockOutput, resetLine), new TransportOptions());
            set.AddSlot("regulator", new RegulatorDevice(regulators, regulatorOptions, regulatorOutput), new TransportOptions());
            set.AddSlot("test-2q", new EchoTestDevice(2, queueSize), new TransportOptions());
            set.AddSlot("test-1q", new EchoTestDevice(1, queueSize), new TransportOptions());
            TransportOptions legacy = new TransportOptions();
            legacy.Version = 1;
            set.AddSlot("test-legacy", new EchoTestDevice(1, queueSize), legacy);
            return set;
        }

        /// <summary>The slots of a board: its clocks, regulators, memory window and queue size.</summary>
        public static DeviceSet FromBoard(BoardDefinition board, IClockOutput clockOutput, IResetLine resetLine, IRegulatorOutput regulatorOutput)
        {
            ClockDescriptor[] clocks = new ClockDescriptor[board.ClockCount];
            for (int i = 0; i < clocks.Length; i++)
            {
                ClockOutputDefinition c = board.GetClock(i);
                if (c.RateCount > 0)
                {
                    uint[] rates = new uint[c.RateCount];
                    for (int r = 0; r < rates.Length; r++)
                    {
                        rates[r] = c.GetRate(r);
                    }

                    clocks[i] = new ClockDescriptor(c.Name, c.Id, i, rates, c.InitialHz, false);
                }
                else
                {
                    clocks[i] = new ClockDescriptor(c.Name, c.Id, i, c.MinHz, c.MaxHz, 0, c.InitialHz, false);
                }
            }

            RegulatorDescriptor[] regulators = new RegulatorDescriptor[board.RegulatorCount];
            for (int i = 0; i < regulators.Length; i++)
            {
                RegulatorOutputDefinition r = board.GetRegulator(i);
                uint step = r.MaxMv == r.MinMv ? 0 : r.StepMv;
                regulators[i] = RegulatorDescriptor.FromMillivolts(r.Name, i, r.MinMv, r.MaxMv, step, r.InitialMv, false);
            }

            return Create(
                new MemoryWindow(board.MemoryWindowBase, board.MemoryWindowSize),
                board.QueueSize,
                clocks,
                new ResetDescriptor[0],
                regulators,
                clockOutput,
                resetLine,
                regulatorOutput);
        }

        /// <summary>
        /// The built-in resources (no board file), which the suite's device tree describes
        /// (RestoreSuite OutputScenarios): three clocks (discrete rates, a stepped range, a fixed rate), a reset line,
        /// a regulator and a switch.
        /// </summary>
        public static DeviceSet CreateDefault(IClockOutput clockOutput, IResetLine resetLine, IRegulatorOutput regulatorOutput)
        {
            ClockDescriptor[] clocks = new ClockDescriptor[]
            {
                new ClockDescriptor("uart0", 0, 0, new uint[] { 19200000, 48000000, 96000000 }, 19200000, false),
                new ClockDescriptor("sdcc1", 1, 1, 400000, 200000000, 100000, 400000, true),
                new ClockDescriptor("xo", 2, 2, 19200000, 19200000, 0, 19200000, true),
            };
            ResetDescriptor[] resets = new ResetDescriptor[] { new ResetDescriptor("usb", 0, 0, false) };
            RegulatorDescriptor[] regulators = new RegulatorDescriptor[]
            {
                new RegulatorDescriptor("ldo1", 0, 1000000, 2000000, 12500, 1200000, false),
                RegulatorDescriptor.Switch("vbus", 1, false),
            };

            return Create(
                new MemoryWindow(DefaultMemoryBase, DefaultMemorySize),
                DefaultQueueSize,
                clocks,
                resets,
                regulators,
                clockOutput,
                resetLine,
                regulatorOutput);
        }

        /// <summary>The built-in set over simulated hardware (the emulator without --board; tests).</summary>
        public static DeviceSet CreateSimulated()
        {
            SimulatedClockHardware clockHardware = new SimulatedClockHardware(3, DefaultResetLines, new TransitionJournal(256));
            SimulatedRegulatorHardware regulatorHardware = new SimulatedRegulatorHardware(2, new TransitionJournal(256));
            return CreateDefault(clockHardware, clockHardware, regulatorHardware);
        }

        /// <summary>A board's set over simulated hardware (the emulator with --board).</summary>
        public static DeviceSet CreateSimulated(BoardDefinition board)
        {
            SimulatedClockHardware clockHardware = new SimulatedClockHardware(board.ClockCount, 0, new TransitionJournal(64));
            SimulatedRegulatorHardware regulatorHardware = new SimulatedRegulatorHardware(board.RegulatorCount, new TransitionJournal(64));
            return FromBoard(board, clockHardware, clockHardware, regulatorHardware);
        }
    }
}
