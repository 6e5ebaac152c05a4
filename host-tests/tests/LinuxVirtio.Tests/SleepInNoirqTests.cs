using LinuxVirtio.Virtio;
using RestoreSuite;
using RestoreSuite.Cases;

namespace LinuxVirtio.Tests;

/// <summary>A driver that sleeps in noirq context fails the run loudly, naming the function and the context.</summary>
public class SleepInNoirqTests
{
    private sealed class SleepingDriver : VirtioDriver
    {
        public override string Name => "sleeper";

        public override IReadOnlyList<uint> IdTable => new[] { 0x7FFFu };

        public override IReadOnlyList<int> FeatureTable => Array.Empty<int>();

        public override bool HasRestoreNoirq => true;

        public override int probe(VirtioDevice vdev) => 0;

        // Bug: the process-context helper (might_sleep) instead of virtio_device_ready_noirq.
        public override int restore_noirq(VirtioDevice vdev)
        {
            VirtioCore.virtio_device_ready(vdev);
            return 0;
        }
    }

    private sealed class SleeperScenario : ScenarioBase
    {
        public SleeperScenario() : base("sleeper", "driver sleeps in restore_noirq", DeviceKinds.Test1Q) { }

        protected override void Body(ScenarioRun run, int cycle)
        {
            var m = run.Boot("linux");
            var dev = m.Probe(run.Slot(DeviceKinds.Test1Q), new SleepingDriver());
            run.CheckOk(dev.ProbeError, "probe");
            Flow.SuspendResume(run, m);
        }
    }

    [Fact]
    public void Sleeping_in_restore_noirq_fails_the_scenario_as_a_protocol_violation()
    {
        using var target = new InProcessTarget();
        var outcome = new SleeperScenario().Run(new ScenarioContext(target, new KernelOptions()));
        Assert.False(outcome.Passed);
        Assert.StartsWith("protocol violation: BUG: sleeping function called from invalid context: virtio_synchronize_cbs in noirq context", outcome.Failure);
    }
}
