using LinuxVirtio.Drivers;
using RestoreSuite.Checks;
using static RestoreSuite.Checks.AccessPattern;

namespace RestoreSuite.Cases;

/// <summary>S1: a cold probe compared access by access with §2.1.</summary>
public static class ProbeScenarios
{
    public static void Probe(ScenarioRun run, string kind)
    {
        var m = run.Boot("linux");
        var slot = run.Slot(kind);
        var dev = Flow.ProbeTest(run, m, kind, new TestDriverOptions { NoirqCapable = false });
        int version = slot.Version;
        bool modern = version == 2;
        var expected = TransportProbe(version).Concat(Negotiation(modern));
        for (int q = 0; q < slot.QueueCount; q++)
        {
            expected = expected.Concat(SetupVq(q, version));
        }

        uint beforeReady = modern ? 0x0bu : 0x03u;
        expected = expected.Concat(DeviceReady(beforeReady))
            .Append(R(LinuxVirtio.Uapi.VirtioMmioRegisters.Status, beforeReady | 0x04)); // core: DRIVER_OK already set
        Flow.ExpectAccesses(run, "probe:", expected);
        Flow.EchoAll(run, m, dev);
        run.ExpectFinalStatus(dev, beforeReady | 0x04, "probe ends with DRIVER_OK");
    }
}
