using RestoreSuite;
using VirtioMmio.App;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace LinuxVirtio.Tests.BrokenDevices;

public class GlitchTests
{
    /// <summary>The standard set with its clock replaced by one that parks its outputs on every reset.</summary>
    private static InProcessTarget GlitchingTarget()
    {
        var standard = StandardDeviceSet.CreateSimulated();
        var set = new DeviceSet(new MemoryWindow(StandardDeviceSet.DefaultMemoryBase, StandardDeviceSet.DefaultMemorySize), 1);
        set.AddSlot(DeviceKinds.Clock, new GlitchingClockDevice(standard.GetTransport(StandardDeviceSet.ClockSlot).Device), new TransportOptions());
        return new InProcessTarget(set);
    }

    [Theory]
    [InlineData("CLK-no-glitch-s2idle")]
    [InlineData("CLK-no-glitch-hibernation")]
    public void A_clock_that_glitches_on_reset_fails_the_no_glitch_scenarios(string scenario)
    {
        using var target = GlitchingTarget();
        var outcome = Scenarios.Find(scenario)!.Run(new ScenarioContext(target, new KernelOptions()));
        Assert.False(outcome.Passed);
        Assert.Matches(@"^clock outputs glitched: \d+ transition\(s\) across the restore", outcome.Failure);
    }

    [Fact]
    public void The_glitching_clock_still_passes_its_probe()
    {
        using var target = GlitchingTarget();
        var outcome = Scenarios.Find("CLK-probe")!.Run(new ScenarioContext(target, new KernelOptions()));
        Assert.True(outcome.Passed, outcome.Failure);
    }

    [Fact]
    public void Soak_cycles_run_the_scenario_repeatedly_and_pass()
    {
        using var target = new InProcessTarget();
        var one = Scenarios.Find("S2-noirq-happy-path")!.Run(new ScenarioContext(target, new KernelOptions()));
        var three = Scenarios.Find("S2-noirq-happy-path")!.Run(new ScenarioContext(target, new KernelOptions(), cycles: 3));
        Assert.True(three.Passed, three.Failure);
        Assert.Equal(3, three.Trace.Count(e => e.Phase == "asleep"));
        Assert.True(three.Trace.Count > 2 * one.Trace.Count);
    }
}
