using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>InterruptStatus / InterruptACK / line level (M-03, M-04, M-23, M-24).</summary>
public class InterruptTests
{
    [Fact]
    public void M_03_InterruptStatusBitStaysSetUntilAcked()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(MmioRegisters.InterruptUsedBuffer, h.Read(MmioRegisters.InterruptStatus));
        }

        h.Ack(MmioRegisters.InterruptUsedBuffer);
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
    }

    [Fact]
    public void M_03_AckClearsExactlyTheWrittenBits()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        h.Device.ChangeConfig();
        Assert.Equal(3u, h.Read(MmioRegisters.InterruptStatus));
        h.Ack(MmioRegisters.InterruptConfigChange);
        Assert.Equal(1u, h.Read(MmioRegisters.InterruptStatus));
        Assert.True(h.Transport.InterruptLine);
        h.Ack(MmioRegisters.InterruptConfigChange); // not set: no-op
        Assert.Equal(1u, h.Read(MmioRegisters.InterruptStatus));
        h.Ack(MmioRegisters.InterruptUsedBuffer);
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        Assert.False(h.Transport.InterruptLine);
    }

    [Fact]
    public void M_04_NoBitsWithoutEvents()
    {
        var h = new DriverHarness();
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        h.BringUp();
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        h.Notify(0); // spurious notify: nothing available
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        for (int i = 0; i < 20; i++)
        {
            h.PostEcho(i % 2, new byte[] { (byte)i }, 1);
            h.Notify(i % 2);
            h.Device.ChangeConfig();
            Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus) & ~MmioRegisters.InterruptValidMask);
            h.ServiceInterrupt();
        }
    }

    [Fact]
    public void M_23_UndefinedAckBitsAreIgnored()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        h.Ack(0xFFFFFFFC);
        Assert.Equal(1u, h.Read(MmioRegisters.InterruptStatus));
        Assert.True(h.Transport.InterruptLine);
        h.Ack(0xFFFFFFFF);
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
    }

    [Fact]
    public void M_24_LineIsLevelAndOnlyChangesAreReported()
    {
        var h = new DriverHarness();
        h.BringUp();
        Assert.Empty(h.Line.Changes);
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        h.PostEcho(0, new byte[] { 2 }, 1);
        h.Notify(0);
        h.Device.ChangeConfig();
        Assert.Equal(new[] { true }, h.Line.Changes);
        Assert.Equal(h.Transport.InterruptStatus != 0, h.Transport.InterruptLine);
        h.Read(MmioRegisters.InterruptStatus);
        Assert.True(h.Transport.InterruptLine); // reads never clear
        h.Ack(1);
        Assert.Equal(new[] { true }, h.Line.Changes);
        h.Ack(2);
        Assert.Equal(new[] { true, false }, h.Line.Changes);
        Assert.False(h.Transport.InterruptLine);
    }

    [Fact]
    public void M_24_AckBeforeDriverOkIsHonoured()
    {
        // Policy: InterruptACK works in any state (like QEMU), so a late vm_interrupt after a reset is harmless.
        var h = new DriverHarness();
        h.BringUp();
        h.Device.ChangeConfig();
        h.Reset();
        Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.InterruptAck, 3));
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
    }
}

public class InterruptSinkTests
{
    [Fact]
    public void M_24_SinkAttachedWhileAssertedLearnsTheLevel()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        var late = new LineRecorder();
        h.Transport.InterruptSink = late;
        Assert.Equal(new[] { true }, late.Changes);
        h.ServiceInterrupt();
        Assert.Equal(new[] { true, false }, late.Changes);

        var quiet = new LineRecorder();
        h.Transport.InterruptSink = quiet; // deasserted: nothing to tell
        Assert.Empty(quiet.Changes);
    }
}
