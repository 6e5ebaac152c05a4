using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VirtioMmio.Tests.Support;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>
/// The read image (<see cref="RegisterReadImage"/>) is a cache of the decoder: an aligned 32-bit control read is served
/// from it, so after every step of a random script (one register access, one device-side event, or one whole Linux
/// bring-up) and after every single access of <see cref="SingleAccessesOfAnyShapeKeepTheImageCoherent"/>, each of the
/// 64 control words must read through
/// <see cref="MmioTransport.Read"/> exactly as <see cref="MmioTransport.ReadDecoded"/> computes it from the state
/// (value and result), on modern and legacy devices, across bring-ups, requests, resets, ring resets, NEEDS_RESET
/// (from a bad layout, a malformed ring, or the personality, also in the middle of a request), config changes and
/// interrupts.
/// </summary>
public class ReadImageCoherenceTests
{
    /// <summary>
    /// Every control word: the image's answer equals the decoder's. Config space too, every width, a little past its
    /// end: aligned 32-bit config reads take their own shortcut in <see cref="MmioTransport.Read"/>.
    /// </summary>
    internal static void AssertCoherent(MmioTransport transport, string when)
    {
        for (int offset = 0; offset < MmioRegisters.Config; offset += 4)
        {
            AssertSameRead(transport, offset, 4, when);
        }

        int configEnd = MmioRegisters.Config + transport.Device.ConfigSize + 8;
        for (int offset = MmioRegisters.Config; offset < configEnd; offset++)
        {
            AssertSameRead(transport, offset, 1, when);
            AssertSameRead(transport, offset, 2, when);
            AssertSameRead(transport, offset, 4, when);
        }
    }

    private static void AssertSameRead(MmioTransport transport, int offset, int width, string when)
    {
        MmioAccessResult fast = transport.Read(offset, width, out uint fastValue);
        MmioAccessResult decoded = transport.ReadDecoded(offset, width, out uint decodedValue);
        if (fast != decoded || fastValue != decodedValue)
        {
            Assert.Fail($"{when}: offset 0x{offset:x3} width {width} reads {fast}/0x{fastValue:x8}, decoded {decoded}/0x{decodedValue:x8}");
        }
    }

    /// <summary>
    /// The random driver of the property tests, plus what it does not do on its own: personality failures (also
    /// inside a request), any selector value, ring resets, and ACKs of the bits actually set. Checked after each step.
    /// </summary>
    private static void Run(RandomWorkload w, uint[] script)
    {
        AssertCoherent(w.Transport, "fresh device");
        for (int i = 0; i + 2 < script.Length; i += 3)
        {
            uint kind = script[i], a = script[i + 1], b = script[i + 2];
            switch (kind % 18)
            {
                case 12:
                    w.Device.Fail();
                    break;
                case 13:
                    w.Device.FailAtRequest = w.Device.RequestsHandled + 1 + (int)(a % 3);
                    break;
                case 14:
                    w.Transport.Write(MmioRegisters.DeviceFeaturesSel, 4, (b & 1) != 0 ? a : a % 4);
                    break;
                case 15:
                    w.Transport.Write(MmioRegisters.QueueSel, 4, (b & 1) != 0 ? a : a % 4);
                    break;
                case 16:
                    // Ring reset (RING_RESET is offered to and taken by the modern workload), often of a live queue.
                    if ((b & 1) != 0)
                    {
                        w.Apply(2, a, b);
                    }

                    w.Transport.Write(MmioRegisters.QueueSel, 4, a % 3);
                    w.Transport.Write(MmioRegisters.QueueReset, 4, (b >> 1) % 3);
                    break;
                case 17:
                    w.Transport.Write(MmioRegisters.InterruptAck, 4, w.Transport.InterruptStatus & a);
                    break;
                default:
                    w.Apply(kind, a, b);
                    break;
            }

            AssertCoherent(w.Transport, $"step {i / 3} (kind {kind % 18}, a 0x{a:x}, b 0x{b:x})");
        }
    }

    /// <summary>
    /// Scripts of (kind, a, b) steps with every kind equally likely (FsCheck's own uint[] is mostly small numbers, so it
    /// rarely reaches the later kinds), operands half small (selectors, indices) and half anything.
    /// </summary>
    public static Arbitrary<uint[]> Steps()
    {
        Gen<uint> kind = Gen.Choose(0, 17).Select(x => (uint)x);
        Gen<uint> operand = Gen.OneOf(Gen.Choose(0, 40).Select(x => (uint)x), ArbMap.Default.GeneratorFor<uint>());
        Gen<uint[]> step = kind.SelectMany(k => operand.SelectMany(a => operand.Select(b => new[] { k, a, b })));
        return step.ArrayOf().Select(steps => steps.SelectMany(x => x).ToArray()).ToArbitrary();
    }

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(ReadImageCoherenceTests) })]
    public void ModernImageMatchesTheDecoderAfterEveryStep(uint[] script) => Run(new RandomWorkload(2), script);

    [Property(MaxTest = 200, Arbitrary = new[] { typeof(ReadImageCoherenceTests) })]
    public void LegacyImageMatchesTheDecoderAfterEveryStep(uint[] script) => Run(new RandomWorkload(1), script);

    [Property(MaxTest = 100, Arbitrary = new[] { typeof(ReadImageCoherenceTests) })]
    public void ThreeQueueImageMatchesTheDecoderAfterEveryStep(uint[] script) => Run(new RandomWorkload(2, queues: 3, maxSize: 8), script);

    [Property(MaxTest = 100)]
    public void UnbiasedScriptsKeepTheImageCoherent(uint[] script) => Run(new RandomWorkload(2), script);

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(PropertyTests) })]
    public void BiasedScriptsKeepTheImageCoherent(uint[] script) => Run(new RandomWorkload(2), script);

    /// <summary>Single register accesses of every shape at every offset, one at a time, each followed by the check.</summary>
    [Property(MaxTest = 200)]
    public void SingleAccessesOfAnyShapeKeepTheImageCoherent(int[] offsets, uint[] values, bool legacy)
    {
        var w = new RandomWorkload(legacy ? 1 : 2);
        for (int i = 0; i < offsets.Length; i++)
        {
            int offset = offsets[i] % 0x120;
            uint value = values.Length == 0 ? (uint)i : values[i % values.Length];
            int width = (i % 5) switch { 0 => 1, 1 => 2, 2 => 3, _ => 4 };
            if (value % 3 == 0)
            {
                w.Transport.Read(offset, width, out _);
            }
            else
            {
                w.Transport.Write(offset, width, value);
            }

            AssertCoherent(w.Transport, $"access {i}: offset {offset}, width {width}, value 0x{value:x}");
        }
    }

    /// <summary>The events a random script rarely lines up, walked on purpose: each one changes an imaged register.</summary>
    [Fact]
    public void EveryImagedRegisterChangeIsSeen()
    {
        var h = new DriverHarness(queues: 2, maxSize: 8);
        MmioTransport t = h.Transport;
        AssertCoherent(t, "fresh");

        h.Device.ChangeConfig(); // ConfigGeneration before DRIVER_OK, no interrupt yet
        AssertCoherent(t, "config change before DRIVER_OK");
        Assert.True(h.Negotiate(h.DefaultDriverFeatures));
        AssertCoherent(t, "FEATURES_OK");
        h.Write(MmioRegisters.DeviceFeaturesSel, 1);
        AssertCoherent(t, "DeviceFeaturesSel 1");
        h.Write(MmioRegisters.DeviceFeaturesSel, 7);
        AssertCoherent(t, "DeviceFeaturesSel 7");
        h.SetupQueue(0, 4);
        AssertCoherent(t, "queue 0 ready");
        h.Write(MmioRegisters.QueueSel, 1);
        AssertCoherent(t, "QueueSel 1");
        h.Write(MmioRegisters.QueueSel, 0xFFFF_FFFF);
        AssertCoherent(t, "QueueSel absent");
        h.DriverOk();
        AssertCoherent(t, "DRIVER_OK raises the pending config change");
        Assert.NotEqual(0u, t.InterruptStatus);

        h.PostEcho(0, new byte[] { 1, 2, 3 }, 3);
        h.Notify(0);
        AssertCoherent(t, "request completed");
        h.Write(MmioRegisters.InterruptAck, MmioRegisters.InterruptUsedBuffer);
        AssertCoherent(t, "ACK used buffer");
        h.Write(MmioRegisters.Status, t.Status | DeviceStatus.Failed);
        AssertCoherent(t, "FAILED OR-ed in");
        h.Device.Fail();
        AssertCoherent(t, "NEEDS_RESET from the personality");
        h.Write(MmioRegisters.QueueSel, 0);
        h.Write(MmioRegisters.QueueReady, 0);
        AssertCoherent(t, "queue 0 disabled");
        h.Write(MmioRegisters.Status, 0);
        AssertCoherent(t, "reset");
        Assert.Equal(0u, t.Status);
        Assert.Equal(0u, t.InterruptStatus);
    }

    [Fact]
    public void RingResetAndLegacyPfnChangesAreSeen()
    {
        var modern = new DriverHarness(options: new TransportOptions { OfferRingReset = true });
        modern.BringUp(modern.DefaultDriverFeatures | VirtioFeatures.RingReset);
        modern.Write(MmioRegisters.QueueSel, 1);
        Assert.Equal(1u, modern.Read(MmioRegisters.QueueReady));
        modern.Write(MmioRegisters.QueueReset, 1);
        AssertCoherent(modern.Transport, "queue 1 ring reset");
        Assert.Equal(0u, modern.Read(MmioRegisters.QueueReady));

        var legacy = new DriverHarness(options: new TransportOptions { Version = 1 });
        legacy.BringUp();
        legacy.Write(MmioRegisters.QueueSel, 0);
        Assert.NotEqual(0u, legacy.Read(MmioRegisters.LegacyQueuePfn));
        legacy.Write(MmioRegisters.LegacyQueuePfn, 0);
        AssertCoherent(legacy.Transport, "legacy queue 0 stopped");
        Assert.Equal(0u, legacy.Read(MmioRegisters.LegacyQueuePfn));
        legacy.Reset();
        AssertCoherent(legacy.Transport, "legacy reset");
    }

    [Fact]
    public void ImageAnswersLikeTheRegisterPolicyOnAFreshDevice()
    {
        // Independent of the decoder: a few cells of docs/register-policy.md read through the image.
        var h = new DriverHarness();
        Assert.Equal(MmioAccessResult.Ok, h.Transport.Read(MmioRegisters.MagicValue, 4, out uint magic));
        Assert.Equal(MmioRegisters.MagicValueExpected, magic);
        Assert.Equal(MmioAccessResult.WriteOnlyRegister, h.Transport.Read(MmioRegisters.QueueSel, 4, out uint sel));
        Assert.Equal(0u, sel);
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.Transport.Read(0x018, 4, out uint gap));
        Assert.Equal(0u, gap);
        Assert.Equal(MmioAccessResult.Ok, h.Transport.Read(MmioRegisters.ShmLenLow, 4, out uint shm));
        Assert.Equal(0xFFFF_FFFFu, shm);
        Assert.Equal(MmioAccessResult.UndefinedOffset, h.Transport.Read(MmioRegisters.LegacyQueuePfn, 4, out _));
    }
}
