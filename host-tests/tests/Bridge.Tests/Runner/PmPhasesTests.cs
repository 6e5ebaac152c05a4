using Runner.Reports;

namespace Bridge.Tests.Runner;

public sealed class PmPhasesTests
{
    [Theory]
    [InlineData("probe:virtio0", PmPhases.Probe)]
    [InlineData("probe", PmPhases.Probe)]
    [InlineData("suspend:virtio0", PmPhases.Freeze)]
    [InlineData("freeze:virtio0", PmPhases.Freeze)]
    [InlineData("poweroff:virtio0", PmPhases.Freeze)]
    [InlineData("quiesce:virtio1", PmPhases.Freeze)]
    [InlineData("suspend_noirq:virtio0", PmPhases.FreezeNoirq)]
    [InlineData("freeze_noirq", PmPhases.FreezeNoirq)]
    [InlineData("poweroff_noirq:virtio0", PmPhases.FreezeNoirq)]
    [InlineData("quiesce_noirq:virtio1", PmPhases.FreezeNoirq)]
    [InlineData("resume_noirq:virtio0", PmPhases.RestoreNoirq)]
    [InlineData("thaw_noirq:virtio0", PmPhases.RestoreNoirq)]
    [InlineData("restore_noirq", PmPhases.RestoreNoirq)]
    [InlineData("resume:virtio0", PmPhases.Restore)]
    [InlineData("thaw:virtio0", PmPhases.Restore)]
    [InlineData("restore:virtio0", PmPhases.Restore)]
    [InlineData("boot:linux", PmPhases.Other)]
    [InlineData("after-resume:virtio0", PmPhases.Other)]
    [InlineData("resume_device_irqs", PmPhases.Other)]
    [InlineData("", PmPhases.Other)]
    public void Folds_callbacks_into_the_pm_phase_virtio_mmio_runs(string phase, string group)
    {
        Assert.Equal(group, PmPhases.Group(phase));
    }

    [Fact]
    public void Bands_of_one_pm_phase_share_its_colour()
    {
        Assert.Equal(PhaseColors.For("restore_noirq"), PhaseColors.For("resume_noirq:virtio0"));
        Assert.Equal(PhaseColors.For("restore_noirq"), PhaseColors.For("thaw_noirq:virtio0"));
        Assert.NotEqual(PhaseColors.For("restore_noirq"), PhaseColors.For("restore:virtio0"));
    }
}
