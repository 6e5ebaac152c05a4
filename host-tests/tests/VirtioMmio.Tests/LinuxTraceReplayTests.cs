using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>
/// Replays the real Linux register traces (probe, I/O, suspend/resume, hibernation, unbind/rebind, poweroff) against
/// the core: every transport answer and every IRQ level change must match what Linux saw from QEMU.
/// </summary>
public class LinuxTraceReplayTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void ModernTraceReplaysWithIdenticalTransportAnswers()
    {
        var replay = new LinuxTraceReplayer(version: 2);
        replay.Run(Fixture("rng-modern.decoded.txt"));
        Assert.Equal(218, replay.Accesses);
        Assert.Equal(218 - 139, replay.ReadsChecked); // 139 writes in the trace
        Assert.Equal(15, replay.RequestsVerified);
        Assert.Equal(40, replay.IrqEventsChecked);
        Assert.Equal(0u, replay.Transport.Status); // poweroff ends with a reset
        Assert.Equal(0, replay.Memory.DeviceFaults);
    }

    [Fact]
    public void LegacyTraceReplaysWithIdenticalTransportAnswers()
    {
        var replay = new LinuxTraceReplayer(version: 1);
        replay.Run(Fixture("rng-legacy.decoded.txt"));
        Assert.Equal(181, replay.Accesses);
        Assert.Equal(16, replay.RequestsVerified);
        Assert.Equal(46, replay.IrqEventsChecked);
        Assert.Equal(0, replay.Memory.DeviceFaults);
    }

    [Fact]
    public void ProbePartMatchesLinuxExpectations()
    {
        // The probe section alone (accesses 1-35), with the answers Linux checks spelled out.
        var replay = new LinuxTraceReplayer(version: 2);
        var lines = LinuxTraceReplayer.Parse(Fixture("rng-modern.decoded.txt")).Where(l => l.Kind is "R" or "W").Take(35).ToList();
        Assert.Equal("R", lines[0].Kind);
        Assert.Equal(MmioRegisters.MagicValue, lines[0].Offset);
        Assert.Equal(MmioRegisters.QueueNotify, lines[33].Offset);
        foreach (var l in lines.Take(33))
        {
            replay.Step(l);
        }

        Assert.Equal(33, replay.Accesses);

        Assert.Equal(0x0Fu, replay.Transport.Status);
        Assert.Equal(VirtioFeatures.Version1 | VirtioFeatures.IndirectDescriptors | VirtioFeatures.EventIdx, replay.Transport.NegotiatedFeatures);
    }
}
