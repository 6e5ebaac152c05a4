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
        /// The built-in resources (no board file), the same as the suite's in-process standard board: three clocks
        /// (a range, a discrete set, a stepped range), a reset line, and two regulators.
        /// </summary>
        public static DeviceSet CreateDefault(IClockOutput clockOutput, IResetLine resetLine, IRegulatorOutput regulatorOutput)
        {
            ClockDescriptor[] clocks = new ClockDescriptor[]
            {
                new ClockDescriptor("gcc_uart_clk", 0, 0, 1000000, 200000000, 0, 19200000, false),
                new ClockDescriptor("gcc_spi_clk", 1, 1, new uint[] { 19200000, 50000000, 100000000 }, 50000000, true),
                new ClockDescriptor("gcc_i2c_clk", 2, 2, 1000000, 100000000, 1000000, 10000000, false),
            };
            ResetDescriptor[] resets = new ResetDescriptor[] { new ResetDescriptor("gcc_usb_bcr", 0, 0, false) };
            RegulatorDescriptor[] regulators = new RegulatorDescriptor[]
            {
                RegulatorDescriptor.FromMillivolts("vdd_core", 0, 800, 1200, 50, 1000, true),
                RegulatorDescriptor.FromMillivolts("vdd_io", 1, 1800, 3300, 100, 3300, false),
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
