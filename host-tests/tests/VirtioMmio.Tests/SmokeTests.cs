using System.Text;
using VirtioMmio.Devices.Test;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>End-to-end: probe, bring-up, one echo request, reset — the path every other engineer builds on.</summary>
public class SmokeTests
{
    [Fact]
    public void ProbeReportsIdentity()
    {
        var h = new DriverHarness();
        Assert.Equal(0x74726976u, h.Read(MmioRegisters.MagicValue));
        Assert.Equal(2u, h.Read(MmioRegisters.Version));
        Assert.Equal(EchoTestDevice.TestDeviceId, h.Read(MmioRegisters.DeviceId));
        Assert.Equal(h.Options.VendorId, h.Read(MmioRegisters.VendorId));
    }

    [Fact]
    public void EchoRequestCompletesInsideTheNotifyWrite()
    {
        var h = new DriverHarness();
        h.BringUp();
        byte[] payload = Encoding.ASCII.GetBytes("hello, device");
        var (head, reply) = h.PostEcho(0, payload, 32);
        Assert.Equal(0, h.UsedIdx(0));

        h.Notify(0);

        Assert.Equal(1, h.UsedIdx(0));
        Assert.Equal((head, (uint)payload.Length), ((ushort)h.UsedElem(0, 0).Id, h.UsedElem(0, 0).Len));
        Assert.Equal(payload, h.HostRead(reply, payload.Length));
        Assert.Equal(MmioRegisters.InterruptUsedBuffer, h.Transport.InterruptStatus);
        Assert.True(h.Transport.InterruptLine);
        Assert.Equal(1u, h.Transport.RequestsCompleted);
        Assert.Equal(1u, h.Transport.Notifies);
        Assert.Equal(new[] { true }, h.Line.Changes);
    }

    [Fact]
    public void ResetIsSynchronous()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.PostEcho(0, new byte[] { 1, 2, 3 }, 8);
        h.Notify(0);
        Assert.True(h.Transport.InterruptLine);
        uint resetsBefore = h.Transport.Resets;

        h.Reset();

        Assert.Equal(0u, h.Read(MmioRegisters.Status));
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        Assert.False(h.Transport.InterruptLine);
        for (int q = 0; q < 2; q++)
        {
            h.Write(MmioRegisters.QueueSel, (uint)q);
            Assert.Equal(0u, h.Read(MmioRegisters.QueueReady));
        }

        Assert.Equal(resetsBefore + 1, h.Transport.Resets);
        Assert.Equal(new[] { true, false }, h.Line.Changes);
    }

    [Fact]
    public void LegacyBringUpAndEcho()
    {
        var h = new DriverHarness(options: new TransportOptions { Version = 1 });
        Assert.Equal(1u, h.Read(MmioRegisters.Version));
        h.BringUp();
        Assert.Equal(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.DriverOk, h.Read(MmioRegisters.Status));
        var (_, reply) = h.PostEcho(1, new byte[] { 9, 8, 7 }, 4);
        h.Notify(1);
        Assert.Equal(1, h.UsedIdx(1));
        Assert.Equal(3u, h.UsedElem(1, 0).Len);
        Assert.Equal(new byte[] { 9, 8, 7 }, h.HostRead(reply, 3));
    }
}
