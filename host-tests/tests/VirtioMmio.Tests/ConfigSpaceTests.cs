using VirtioMmio.Devices.Test;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>Config space, ConfigGeneration and config-change notifications (C-01..C-05, M-06).</summary>
public class ConfigSpaceTests
{
    [Fact]
    public void C_01_ConfigReadableBeforeFeaturesOk()
    {
        var h = new DriverHarness();
        h.Device.ChangeConfig();
        h.Reset();
        Assert.Equal(1u, h.ReadConfig(EchoTestDevice.ConfigCounterOffset, 4));
        h.AddStatus(DeviceStatus.Acknowledge);
        Assert.Equal(1u, h.ReadConfig(EchoTestDevice.ConfigStampOffset, 4));
        Assert.Equal(~1u, h.ReadConfig(EchoTestDevice.ConfigStampOffset + 4, 4));
    }

    [Fact]
    public void C_02_MultiByteFieldsAreLittleEndian()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.Write(MmioRegisters.Config + EchoTestDevice.ConfigScratchOffset, 0x11223344);
        byte[] bytes = Enumerable.Range(0, 4).Select(i => (byte)h.ReadConfig(EchoTestDevice.ConfigScratchOffset + i, 1)).ToArray();
        Assert.Equal(new byte[] { 0x44, 0x33, 0x22, 0x11 }, bytes);
    }

    [Fact]
    public void M_06_GenerationChangesWithEveryDeviceSideChange()
    {
        var h = new DriverHarness();
        uint g0 = h.Read(MmioRegisters.ConfigGeneration);
        h.Device.ChangeConfig();
        uint g1 = h.Read(MmioRegisters.ConfigGeneration);
        Assert.NotEqual(g0, g1);
        h.Device.ChangeConfig();
        Assert.NotEqual(g1, h.Read(MmioRegisters.ConfigGeneration));
    }

    [Fact]
    public void C_03_GenerationLoopDetectsATornEightByteRead()
    {
        var h = new DriverHarness();
        h.BringUp();
        int changesInjected = 0;
        ulong value;
        uint before, after;
        int attempts = 0;
        do
        {
            attempts++;
            before = h.Read(MmioRegisters.ConfigGeneration);
            uint low = h.ReadConfig(EchoTestDevice.ConfigStampOffset, 4);
            if (changesInjected < 2)
            {
                h.Device.ChangeConfig(); // the device changes the field between the two halves
                changesInjected++;
            }

            uint high = h.ReadConfig(EchoTestDevice.ConfigStampOffset + 4, 4);
            value = ((ulong)high << 32) | low;
            after = h.Read(MmioRegisters.ConfigGeneration);
        }
        while (before != after && attempts < 10);

        Assert.Equal(3, attempts);
        Assert.Equal((uint)value, ~(uint)(value >> 32)); // consistent halves
        Assert.Equal(2u, (uint)value);
    }

    [Fact]
    public void C_03_GenerationSurvivesResetAndIsReadOnly()
    {
        var h = new DriverHarness();
        h.Device.ChangeConfig();
        uint g = h.Read(MmioRegisters.ConfigGeneration);
        h.BringUp();
        h.Reset();
        Assert.Equal(g, h.Read(MmioRegisters.ConfigGeneration));
        Assert.Equal(MmioAccessResult.ReadOnlyRegister, h.WriteRaw(MmioRegisters.ConfigGeneration, 0));
        Assert.Equal(g, h.Read(MmioRegisters.ConfigGeneration));
    }

    [Fact]
    public void C_04_DeviceSideChangeRaisesConfigInterrupt()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.Device.ChangeConfig();
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Read(MmioRegisters.InterruptStatus));
        Assert.True(h.Transport.InterruptLine);
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.ServiceInterrupt());
        Assert.False(h.Transport.InterruptLine);
    }

    [Fact]
    public void C_04_ChangeBeforeDriverOkIsSignalledAtDriverOk()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.Device.ChangeConfig();
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        h.SetupQueue(0);
        h.DriverOk();
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Read(MmioRegisters.InterruptStatus));
    }

    [Fact]
    public void C_04_UnacknowledgedChangeIsReSignalledAfterReset()
    {
        // noirq restore §3.9: the change happens while the guest sleeps (IRQ off, nobody ACKs), then the restore's
        // reset wipes InterruptStatus. The device raises bit 1 again at the next DRIVER_OK.
        var h = new DriverHarness();
        h.BringUp();
        h.Device.ChangeConfig();
        h.Reset();
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        h.BringUp();
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Read(MmioRegisters.InterruptStatus));
        h.ServiceInterrupt();

        // Once acknowledged, a later reset/bring-up does not repeat it.
        h.Reset();
        h.BringUp();
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
    }

    [Fact]
    public void C_05_ConfigWritesIgnoredBeforeDriver()
    {
        var h = new DriverHarness();
        h.Reset();
        int s = MmioRegisters.Config + EchoTestDevice.ConfigScratchOffset;
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(s, 0x1234));
        h.AddStatus(DeviceStatus.Acknowledge);
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(s, 0x1234));
        Assert.Equal(0u, h.Device.Scratch);
        h.AddStatus(DeviceStatus.Driver);
        Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(s, 0x1234));
        Assert.Equal(0x1234u, h.Device.Scratch);
    }

    [Fact]
    public void C_05_LegacyAcceptsConfigWritesBeforeDriver()
    {
        var h = new DriverHarness(options: new TransportOptions { Version = 1 });
        Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.Config + EchoTestDevice.ConfigScratchOffset, 0xAB, 1));
        Assert.Equal(0xABu, h.Device.Scratch);
    }

    [Fact]
    public void C_05_ReadOnlyConfigFieldsIgnoreDriverWrites()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.Write(MmioRegisters.Config + EchoTestDevice.ConfigCounterOffset, 99);
        Assert.Equal(0u, h.ReadConfig(EchoTestDevice.ConfigCounterOffset, 4));
        Assert.Equal(0u, h.Read(MmioRegisters.ConfigGeneration));
    }
}

public class ConfigChangeAcknowledgeTests
{
    [Fact]
    public void C_04_StrayAckBeforeDriverOkDoesNotSwallowAPendingChange()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.Device.ChangeConfig();
        h.Ack(MmioRegisters.InterruptConfigChange); // bit 1 was never delivered
        h.SetupQueue(0);
        h.DriverOk();
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Read(MmioRegisters.InterruptStatus));
    }

    [Fact]
    public void OptionsAreFixedAtConstruction()
    {
        var options = new TransportOptions();
        var h = new DriverHarness(options: options);
        options.OfferRingReset = true;
        options.VendorId = 1;
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.WriteRaw(MmioRegisters.QueueReset, 1));
        Assert.Equal(0x4F4E5652u, h.Read(MmioRegisters.VendorId));
        Assert.Equal(0UL, h.Transport.OfferedFeatures & VirtioFeatures.RingReset);
    }
}
