using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Devices.Test;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace VirtioMmio.App
{
    /// <summary>
    /// The default set of device slots a board (or the emulator without --board) exposes on the bridge:
    /// slot 0 clock, 1 regulator, 2 test-2q, 3 test-1q, 4 test-legacy, all sharing one memory window.
    /// The hardware outputs are passed in: GPIO/PWM drivers on a board, simulated hardware in the emulator.
    /// </summary>
    public static class StandardDeviceSet
    {
        /// <summary>Guest-physical base of the shared memory window.</summary>
        public const ulong MemoryBase = 0x40000000;

        /// <summary>Size of the shared memory window: room for the rings and buffers of every slot.</summary>
        public const int MemorySize = 0x10000;

        public const int ClockSlot = 0;
        public const int RegulatorSlot = 1;
        public const int Test2QSlot = 2;
        public const int Test1QSlot = 3;
        public const int TestLegacySlot = 4;

        /// <summary>Clock outputs the simulated hardware provides (the descriptors below use outputs 0..2).</summary>
        public const int ClockOutputs = 3;

        public const int ResetLines = 1;

        public const int RegulatorOutputs = 2;

        public static DeviceSet Create(IClockOutput clockOutput, IResetLine resetLine, IRegulatorOutput regulatorOutput)
        {
            DeviceSet set = new DeviceSet(new MemoryWindow(MemoryBase, MemorySize), 5);
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

            set.AddSlot("clock", new ClockDevice(clocks, resets, new ClockDeviceOptions(), clockOutput, resetLine), new TransportOptions());
            set.AddSlot("regulator", new RegulatorDevice(regulators, new RegulatorDeviceOptions(), regulatorOutput), new TransportOptions());
            set.AddSlot("test-2q", new EchoTestDevice(2, 16), new TransportOptions());
            set.AddSlot("test-1q", new EchoTestDevice(1, 16), new TransportOptions());
            TransportOptions legacy = new TransportOptions();
            legacy.Version = 1;
            set.AddSlot("test-legacy", new EchoTestDevice(1, 16), legacy);
            return set;
        }

        /// <summary>The standard set over simulated hardware (the emulator; tests).</summary>
        public static DeviceSet CreateSimulated()
        {
            SimulatedClockHardware clockHardware = new SimulatedClockHardware(ClockOutputs, ResetLines, new TransitionJournal(64));
            SimulatedRegulatorHardware regulatorHardware = new SimulatedRegulatorHardware(RegulatorOutputs, new TransitionJournal(64));
            return Create(clockHardware, clockHardware, regulatorHardware);
        }
    }
}
