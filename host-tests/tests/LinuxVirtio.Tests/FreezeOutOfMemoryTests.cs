using LinuxVirtio.Drivers;
using LinuxVirtio.Kernel;
using LinuxVirtio.Pm;
using RestoreSuite;
using RestoreSuite.Cases;

namespace LinuxVirtio.Tests;

/// <summary>
/// A noirq-capable driver allocates its request buffer in freeze, where allocation may still sleep. When that
/// allocation fails the driver returns -ENOMEM and the PM core aborts the suspend, as in the kernel; the model
/// must not crash instead.
/// </summary>
public class FreezeOutOfMemoryTests
{
    private sealed class ExhaustedDmaScenario : ScenarioBase
    {
        public ExhaustedDmaScenario() : base("freeze-enomem", "DMA exhausted before freeze", DeviceKinds.Test1Q) { }

        public PmSuspendResult? Result { get; private set; }

        protected override void Body(ScenarioRun run, int cycle)
        {
            var m = run.Boot("linux");
            Flow.ProbeTest(run, m, DeviceKinds.Test1Q, new TestDriverOptions());
            while (m.Dma!.Alloc(8, 8) is not null)
            {
            }

            run.AllowLog("failed to suspend");
            run.AllowLog("PM: ");
            Result = m.Pm.Suspend(PmEvent.Suspend);
        }
    }

    [Fact]
    public void Freeze_returns_enomem_and_the_suspend_is_aborted()
    {
        using var target = new InProcessTarget();
        var scenario = new ExhaustedDmaScenario();
        var outcome = scenario.Run(new ScenarioContext(target, new KernelOptions()));
        Assert.True(scenario.Result is not null, outcome.Failure);
        Assert.Equal(-Errno.ENOMEM, scenario.Result!.Error);
        Assert.Equal("suspend", scenario.Result.FailedPhase);
    }
}
