namespace VirtioMmio.Hardware
{
    /// <summary>What a <see cref="TransitionJournal"/> entry records. Constants rather than an enum so entries stay plain bytes.</summary>
    public static class TransitionKind
    {
        public const byte ClockRate = 1;
        public const byte ClockEnable = 2;
        public const byte ClockDisable = 3;
        public const byte ClockParent = 4;
        public const byte ClockMemoryFlags = 5;
        public const byte ResetAssert = 6;
        public const byte ResetDeassert = 7;
        public const byte RegulatorEnable = 8;
        public const byte RegulatorDisable = 9;
        public const byte RegulatorVoltage = 10;
        public const byte RegulatorCurrentLimit = 11;
        public const byte RegulatorMode = 12;

        /// <summary>Short name for messages and traces (constant strings: no allocation).</summary>
        public static string Name(byte kind)
        {
            switch (kind)
            {
                case ClockRate: return "clock-rate";
                case ClockEnable: return "clock-enable";
                case ClockDisable: return "clock-disable";
                case ClockParent: return "clock-parent";
                case ClockMemoryFlags: return "clock-memory-flags";
                case ResetAssert: return "reset-assert";
                case ResetDeassert: return "reset-deassert";
                case RegulatorEnable: return "regulator-enable";
                case RegulatorDisable: return "regulator-disable";
                case RegulatorVoltage: return "regulator-voltage";
                case RegulatorCurrentLimit: return "regulator-current-limit";
                case RegulatorMode: return "regulator-mode";
                default: return "unknown";
            }
        }
    }
}
