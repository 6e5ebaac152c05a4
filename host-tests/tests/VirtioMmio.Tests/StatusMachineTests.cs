using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>The strict status state machine (S-02..S-05), Firecracker style: every invalid transition is refused.</summary>
public class StatusMachineTests
{
    private const uint A = DeviceStatus.Acknowledge;
    private const uint D = DeviceStatus.Driver;
    private const uint FO = DeviceStatus.FeaturesOk;
    private const uint DOK = DeviceStatus.DriverOk;
    private const uint F = DeviceStatus.Failed;
    private const uint NR = DeviceStatus.DeviceNeedsReset;

    private static readonly uint[] ModernPath = { 0, A, A | D, A | D | FO, A | D | FO | DOK };

    /// <summary>Drives a fresh device to <paramref name="state"/> along the valid path.</summary>
    private static DriverHarness At(uint state, int version = 2)
    {
        var h = new DriverHarness(options: new TransportOptions { Version = version });
        h.Write(MmioRegisters.Status, 0);
        if ((state & A) != 0) h.Write(MmioRegisters.Status, A);
        if ((state & D) != 0)
        {
            h.Write(MmioRegisters.Status, A | D);
            h.WriteDriverFeatures(h.DefaultDriverFeatures);
        }

        if ((state & FO) != 0) h.Write(MmioRegisters.Status, A | D | FO);
        if ((state & DOK) != 0) h.Write(MmioRegisters.Status, version == 1 ? A | D | DOK : A | D | FO | DOK);
        Assert.Equal(state, h.Read(MmioRegisters.Status));
        return h;
    }

    public static IEnumerable<object[]> InvalidModernTransitions()
    {
        // (from, written): skipped steps, bits cleared (backwards), non-cumulative jumps, unknown bits.
        var rows = new (uint From, uint Written)[]
        {
            (0, D), (0, FO), (0, DOK), (0, A | D), (0, A | D | FO), (0, A | D | FO | DOK), (0, 0x42), (0, DeviceStatus.Suspend), (0, 0x20), (0, 0x100),
            (A, FO), (A, DOK), (A, A | FO), (A, A | DOK), (A, A | D | FO), (A, D),
            (A | D, A), (A | D, D), (A | D, A | DOK), (A | D, A | D | DOK), (A | D, A | D | FO | DOK), (A | D, A | D | DeviceStatus.Suspend),
            (A | D | FO, A | D), (A | D | FO, A), (A | D | FO, A | FO), (A | D | FO, A | D | DOK), (A | D | FO, A | D | FO | 0x20),
            (A | D | FO | DOK, A | D | FO), (A | D | FO | DOK, A), (A | D | FO | DOK, A | D | DOK), (A | D | FO | DOK, A | D | FO | DOK | DeviceStatus.Suspend),
        };
        return rows.Select(r => new object[] { r.From, r.Written });
    }

    [Theory]
    [MemberData(nameof(InvalidModernTransitions))]
    public void S_04_InvalidTransitionsAreRefusedAndChangeNothing(uint from, uint written)
    {
        var h = At(from);
        h.Memory.ResetCounters();
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.Status, written));
        Assert.Equal(from, h.Read(MmioRegisters.Status));
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        Assert.Equal(0, h.Memory.DeviceReads + h.Memory.DeviceWrites);
    }

    public static IEnumerable<object[]> InvalidLegacyTransitions() => new (uint, uint)[]
    {
        (0, A | D), (A, A | D | DOK), (A | D, A | D | FO), (A | D, A | D | FO | DOK), (A | D | DOK, A | D), (A, D),
    }.Select(r => new object[] { r.Item1, r.Item2 });

    [Theory]
    [MemberData(nameof(InvalidLegacyTransitions))]
    public void S_04_LegacyInvalidTransitionsAreRefused(uint from, uint written)
    {
        var h = At(from, version: 1);
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.Status, written));
        Assert.Equal(from, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void S_04_EveryValidStepIsAccepted()
    {
        var h = At(0);
        h.SetupQueue(0);
        for (int i = 1; i < ModernPath.Length; i++)
        {
            if (ModernPath[i] == (A | D | FO))
            {
                h.WriteDriverFeatures(h.DefaultDriverFeatures);
            }

            Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.Status, ModernPath[i]));
            Assert.Equal(ModernPath[i], h.Read(MmioRegisters.Status));
            // Rewriting the same value is idempotent.
            Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.Status, ModernPath[i]));
            Assert.Equal(ModernPath[i], h.Read(MmioRegisters.Status));
        }
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(A)]
    [InlineData(A | D)]
    [InlineData(A | D | FO)]
    [InlineData(A | D | FO | DOK)]
    public void S_04_FailedIsOrableAtAnyTimeAndLaterStepsStillWork(uint from)
    {
        var h = At(from);
        Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.Status, from | F));
        Assert.Equal(from | F, h.Read(MmioRegisters.Status));
        // Linux virtio_device_restore: ACK, FAILED re-added, then DRIVER, FEATURES_OK, DRIVER_OK on top of it.
        if (from != (A | D | FO | DOK))
        {
            uint next = ModernPath[Array.IndexOf(ModernPath, from) + 1];
            Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.Status, next | F));
            Assert.Equal(next | F, h.Read(MmioRegisters.Status));
        }

        // A write without FAILED does not clear it.
        h.Write(MmioRegisters.Status, h.Read(MmioRegisters.Status) & ~F);
        Assert.Equal(F, h.Read(MmioRegisters.Status) & F);
    }

    [Theory]
    [InlineData(A)]
    [InlineData(A | D)]
    [InlineData(A | D | FO | DOK)]
    public void S_04_LoneFailedWriteSetsFailedAndKeepsTheSequence(uint from)
    {
        var h = At(from);
        Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.Status, F));
        Assert.Equal(from | F, h.Read(MmioRegisters.Status));
    }

    [Fact]
    public void S_04_LinuxRestoreWithFailedReaddedReachesDriverOk()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.Reset();
        h.AddStatus(A);
        h.AddStatus(F);
        h.AddStatus(D);
        h.WriteDriverFeatures(h.DefaultDriverFeatures);
        h.AddStatus(FO);
        Assert.Equal(A | D | FO | F, h.Read(MmioRegisters.Status));
        h.SetupQueue(0);
        h.AddStatus(DOK);
        Assert.Equal(A | D | FO | DOK | F, h.Read(MmioRegisters.Status));
        var (head, _) = h.PostEcho(0, new byte[] { 1, 2 }, 2);
        h.Notify(0);
        Assert.Equal(head, (ushort)h.UsedElem(0, 0).Id);
    }

    [Fact]
    public void S_02_NoBuffersConsumedBeforeDriverOk()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.SetupQueue(0);
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.PostEcho(0, new byte[] { 2 }, 1);
        h.Memory.ResetCounters();
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.QueueNotify, 0));
        Assert.Equal(0, h.Memory.DeviceReads + h.Memory.DeviceWrites);
        Assert.Equal(0, h.UsedIdx(0));
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));

        h.DriverOk(); // buffers posted before DRIVER_OK are picked up now

        Assert.Equal(2, h.UsedIdx(0));
        Assert.Equal(2u, h.Transport.RequestsCompleted);
        Assert.Equal(MmioRegisters.InterruptUsedBuffer, h.Read(MmioRegisters.InterruptStatus));
    }

    [Fact]
    public void S_03_NeedsResetRaisesConfigInterruptWhenDriverOk()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.Device.Fail();
        Assert.Equal(A | D | FO | DOK | NR, h.Read(MmioRegisters.Status));
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Read(MmioRegisters.InterruptStatus));
        Assert.True(h.Transport.InterruptLine);
        // The driver writing back what it read does not clear NEEDS_RESET; only a reset does.
        h.Write(MmioRegisters.Status, A | D | FO | DOK | NR);
        Assert.Equal(NR, h.Read(MmioRegisters.Status) & NR);
        // The device is halted: no more requests.
        h.PostEcho(0, new byte[] { 1 }, 1);
        h.Notify(0);
        Assert.Equal(0, h.UsedIdx(0));
    }

    [Fact]
    public void S_03_NeedsResetBeforeDriverOkIsSignalledAtDriverOk()
    {
        var h = new DriverHarness();
        h.Negotiate();
        h.Device.Fail();
        Assert.Equal(A | D | FO | NR, h.Read(MmioRegisters.Status));
        Assert.Equal(0u, h.Read(MmioRegisters.InterruptStatus));
        h.DriverOk();
        Assert.Equal(MmioRegisters.InterruptConfigChange, h.Read(MmioRegisters.InterruptStatus));
    }

    [Fact]
    public void S_05_DriverOkWithoutFeaturesOkIsRejectedOnModern()
    {
        var h = At(A | D);
        h.SetupQueue(0);
        h.PostEcho(0, new byte[] { 1 }, 1);
        Assert.Equal(MmioAccessResult.IgnoredInState, h.WriteRaw(MmioRegisters.Status, A | D | DOK));
        Assert.Equal(A | D, h.Read(MmioRegisters.Status));
        Assert.Equal(0, h.UsedIdx(0));
    }

    [Fact]
    public void S_05_LegacyGoesToDriverOkWithoutFeaturesOk()
    {
        var h = At(A | D, version: 1);
        Assert.Equal(MmioAccessResult.Ok, h.WriteRaw(MmioRegisters.Status, A | D | DOK));
        Assert.Equal(A | D | DOK, h.Read(MmioRegisters.Status));
        Assert.Equal(h.DefaultDriverFeatures, h.Transport.NegotiatedFeatures);
    }

    [Fact]
    public void S_05_FullLinuxSequenceReachesDriverOk()
    {
        var h = new DriverHarness();
        h.BringUp();
        Assert.Equal(A | D | FO | DOK, h.Read(MmioRegisters.Status));
        Assert.Equal(h.DefaultDriverFeatures, h.Device.NegotiatedFeatures);
    }
}

public class DeviceErrorTests
{
    [Fact]
    public void S_03_PersonalityErrorMidPassPublishesThatRequestAndStops()
    {
        var h = new DriverHarness();
        h.BringUp();
        h.Device.FailAtRequest = 2;
        for (int i = 0; i < 3; i++)
        {
            h.PostEcho(0, new byte[] { (byte)i }, 1);
        }

        h.Notify(0);

        Assert.Equal(2, h.UsedIdx(0)); // the failing request's reply is already written, so it is published
        Assert.Equal(2, h.Device.RequestsHandled);
        Assert.Equal(DeviceStatus.DeviceNeedsReset, h.Read(MmioRegisters.Status) & DeviceStatus.DeviceNeedsReset);
        Assert.Equal(3u, h.Read(MmioRegisters.InterruptStatus));
        h.Notify(0);
        Assert.Equal(2, h.Device.RequestsHandled);
    }
}
