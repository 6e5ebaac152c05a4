using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;

namespace VirtioMmio.App.Board
{
    /// <summary>
    /// Turns a <see cref="BoardDefinition"/> into the devices' resource descriptors: clock output i is board clock i,
    /// regulator output i is board regulator i. Every output starts disabled at its initial rate/voltage.
    /// Start-up only (allocates).
    /// </summary>
    public static class BoardDevices
    {
        public static ClockDescriptor[] ClockDescriptors(BoardDefinition board)
        {
            ClockDescriptor[] descriptors = new ClockDescriptor[board.ClockCount];
            for (int i = 0; i < descriptors.Length; i++)
            {
                ClockOutputDefinition clock = board.GetClock(i);
                if (clock.RateCount > 0)
                {
                    uint[] rates = new uint[clock.RateCount];
                    for (int r = 0; r < rates.Length; r++)
                    {
                        rates[r] = clock.GetRate(r);
                    }

                    descriptors[i] = new ClockDescriptor(clock.Name, clock.Id, i, rates, clock.InitialHz, false);
                }
                else
                {
                    descriptors[i] = new ClockDescriptor(clock.Name, clock.Id, i, clock.MinHz, clock.MaxHz, 0, clock.InitialHz, false);
                }
            }

            return descriptors;
        }

        public static RegulatorDescriptor[] RegulatorDescriptors(BoardDefinition board)
        {
            RegulatorDescriptor[] descriptors = new RegulatorDescriptor[board.RegulatorCount];
            for (int i = 0; i < descriptors.Length; i++)
            {
                RegulatorOutputDefinition regulator = board.GetRegulator(i);
                descriptors[i] = RegulatorDescriptor.FromMillivolts(
                    regulator.Name, i, regulator.MinMv, regulator.MaxMv, regulator.StepMv, regulator.InitialMv, false);
            }

            return descriptors;
        }

        /// <summary>Clock device options for a board: the board's queue size, no resets, no SoC table name.</summary>
        public static ClockDeviceOptions ClockOptions(BoardDefinition board)
        {
            ClockDeviceOptions options = new ClockDeviceOptions();
            options.QueueMaxSize = board.QueueSize;
            options.OfferReset = false;
            return options;
        }

        public static RegulatorDeviceOptions RegulatorOptions(BoardDefinition board)
        {
            RegulatorDeviceOptions options = new RegulatorDeviceOptions();
            options.QueueMaxSize = board.QueueSize;
            return options;
        }
    }
}
