using VirtioMmio.App;

namespace Benchmarks.Rigs;

/// <summary>
/// The slots the scenario suite asks for, served by an emulated board: the firmware's standard device set with
/// simulated outputs, exactly what RestoreSuite's InProcessTarget and the emulator serve.
/// </summary>
public static class SuiteDevices
{
    public static DeviceSet CreateSet() => StandardDeviceSet.CreateSimulated();
}
