using System;
using System.Collections.Generic;
using System.Linq;
namespace NFUnitTest.Host.Adapter
{
    public enum DeviceTestVerdict
    {
        Passed,
        Failed,
        Skipped,
    }

    /// <summary>Result of running one <see cref="DeviceTestCase"/>: verdict, the failure text, and captured OutputHelper text.</summary>
    public sealed class DeviceTestOutcome
    {
        public DeviceTestOutcome(DeviceTestVerdict verdict, string message, string output)
        {
            Verdict = verdict;
            Message = message;
            Output = output;
        }

        public DeviceTestVerdict Verdict { get; }

        public string Message { get; }

        public string Output { get; }
    }
}
