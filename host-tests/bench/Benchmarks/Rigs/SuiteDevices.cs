using RestoreSuite;
using RestoreSuite.InProcess;
using VirtioMmio.App;
using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Benchmarks.Rigs;

/// <summary>
/// The slots the scenario suite asks for, served by an emulated board: the same devices, in the same order, as
/// RestoreSuite's InProcessTarget (echo 1q, 2q and legacy; the standard board's clock and regulator).
/// </summary>
public static class SuiteDevices
{
    public static DeviceSet CreateSet()
    {
        var set = new DeviceSet(new MemoryWindow(InProcessTarget.DefaultMemoryBase, InProcessTarget.DefaultMemorySize), 5);
        set.AddSlot(DeviceKinds.Test1Q, new EchoTestDevice(1, 16), new TransportOptions());
        set.AddSlot(DeviceKinds.Test2Q, new EchoTestDevice(2, 16), new TransportOptions());
        set.AddSlot(DeviceKinds.TestLegacy, new EchoTestDevice(1, 16), new TransportOptions { Version = 1 });
        set.AddSlot(DeviceKinds.Clock, StandardBoard.CreateClock(), new TransportOptions());
        set.AddSlot(DeviceKinds.Regulator, StandardBoard.CreateRegulator(), new TransportOptions());
        return set;
    }
}
