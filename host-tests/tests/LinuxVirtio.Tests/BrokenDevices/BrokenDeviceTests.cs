using LinuxVirtio.Bus;
using LinuxVirtio.Tracing;
using RestoreSuite;

namespace LinuxVirtio.Tests.BrokenDevices;

/// <summary>Each deliberately broken device fails the suite, and the verdict names the symptom.</summary>
public class BrokenDeviceTests
{
    private static ScenarioOutcome Run(string scenario, Func<IVirtioMmioBus, IVirtioMmioBus> broken)
    {
        using var target = new DecoratedTarget((bus, _) => broken(bus));
        return Scenarios.Find(scenario)!.Run(new ScenarioContext(target, new KernelOptions()));
    }

    [Fact]
    public void Deferred_reset_is_caught_at_the_status_read_after_the_reset()
    {
        var outcome = Run("S2-noirq-happy-path", b => new DeferredResetDevice(b));
        Assert.False(outcome.Passed);
        // The reset lands late, on top of the bring-up that followed it: the first Status read-back is wrong.
        Assert.Matches(@"^#\d+ R Status: expected 0x[0-9a-f]{8}, got 0x[0-9a-f]{8} \(", outcome.Failure);
        AssertFailureNamesARealAccess(outcome);
    }

    [Fact]
    public void Lagging_features_ok_is_caught_at_the_read_back()
    {
        var outcome = Run("S1-probe-1q", b => new LaggingFeaturesOkDevice(b));
        Assert.False(outcome.Passed);
        // Linux reads FEATURES_OK back at once: the lag is a refusal, right after that read.
        Assert.Matches(@"^kernel log after #\d+ ERR virtio0: virtio: device refuses features: 3", outcome.Failure);
        long seq = long.Parse(System.Text.RegularExpressions.Regex.Match(outcome.Failure!, @"#(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var readBack = outcome.Trace.Single(e => e.Seq == seq);
        Assert.Equal((TraceKind.Read, Uapi.VirtioMmioRegisters.Status, 0x3u), (readBack.Kind, readBack.Offset, readBack.Value));
    }

    [Fact]
    public void Old_ring_indices_are_caught_by_the_polled_request()
    {
        var outcome = Run("S2-noirq-happy-path", b => new OldRingIndicesDevice(b));
        Assert.False(outcome.Passed);
        Assert.Matches("echo mismatch|is not a head|out of range", outcome.Failure);
    }

    [Fact]
    public void Needing_an_interrupt_ack_to_publish_is_caught_in_restore_noirq()
    {
        var outcome = Run("S2-noirq-happy-path", b => new NeedsAckToPublishDevice(b));
        Assert.False(outcome.Passed);
        Assert.Contains("polled request got no used buffer", outcome.Failure);
    }

    [Fact]
    public void Needing_an_interrupt_ack_still_passes_the_interrupt_driven_probe()
    {
        // The bug is invisible to today's interrupt-driven paths: only the noirq restore exposes it.
        var outcome = Run("S1-probe-1q", b => new NeedsAckToPublishDevice(b));
        Assert.True(outcome.Passed, outcome.Failure);
    }

    [Fact]
    public void A_queue_ready_that_does_not_clear_is_caught_at_its_read_back()
    {
        var outcome = Run("L1-today-suspend-resume", b => new StickyQueueReadyDevice(b));
        Assert.False(outcome.Passed);
        Assert.Matches(@"^#\d+ R QueueReady: expected 0x00000000, got 0x00000001 \(QueueReady of queue 0 must read back", outcome.Failure);
    }

    private static void AssertFailureNamesARealAccess(ScenarioOutcome outcome)
    {
        var m = System.Text.RegularExpressions.Regex.Match(outcome.Failure!, @"#(\d+) R Status");
        Assert.True(m.Success, outcome.Failure);
        long seq = long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var entry = outcome.Trace.Single(e => e.Seq == seq);
        Assert.Equal(TraceKind.Read, entry.Kind);
        Assert.Equal(Uapi.VirtioMmioRegisters.Status, entry.Offset);
    }
}
