using RestoreSuite;
using RestoreSuite.InProcess;
using VirtioMmio.App;
using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Benchmarks.Rigs;

/// <summary>
/// The slots the scenario suite asks for, served by an emulated board: exactly the set RestoreSuite's InProcessTarget
/// and the emulator serve (the standard device set with simulated outputs).
/// </summary>
public static class SuiteDevices
{
    public static DeviceSet CreateSet() => StandardDeviceSet.CreateSimulated();
}
