using Fuzz.Harness;
using VirtioMmio.Transport;

namespace Fuzz.Tests;

/// <summary>The checks the harnesses rely on must be able to fail: planted violations are caught.</summary>
public sealed class HarnessSelfTests
{
    private static readonly AccessContext Here = new("self-test", 0, '-', 0, 0, 0, "none");

    [Theory]
    [InlineData(0x00u, 0x0Fu, 0x0Fu, "jumped")]                 // 0 -> DRIVER_OK in one write
    [InlineData(0x01u, 0x03u, null, "without a Status write")]  // moved by a non-Status access
    [InlineData(0x4Bu, 0x0Bu, 0x0Bu, "DEVICE_NEEDS_RESET cleared")]
    [InlineData(0x0Bu, 0x4Bu, 0x0Bu, "no device error")]
    [InlineData(0x8Bu, 0x0Bu, 0x0Bu, "FAILED cleared")]
    [InlineData(0x0Bu, 0x0Bu, 0u, "after writing 0")]
    public void Status_invariant_catches_illegal_changes(uint before, uint after, uint? written, string expected)
    {
        var e = Assert.Throws<InvariantViolation>(() => StatusInvariant.CheckChange(before, after, written, false, false, Here));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(0x10u, false)] // SUSPEND is never accepted
    [InlineData(0x05u, false)] // DRIVER_OK without DRIVER
    [InlineData(0x0Bu, true)]  // FEATURES_OK does not exist in legacy
    [InlineData(0x200u, false)]
    public void Status_invariant_rejects_impossible_values(uint status, bool legacy)
    {
        Assert.Throws<InvariantViolation>(() => StatusInvariant.CheckValue(status, legacy, Here));
    }

    [Fact]
    public void Status_invariant_accepts_the_linux_sequence()
    {
        uint[] modern = { 0, DeviceStatus.Acknowledge, 0x03, 0x0B, 0x0F, 0x8F, 0 };
        for (int i = 1; i < modern.Length; i++)
        {
            StatusInvariant.CheckChange(modern[i - 1], modern[i], modern[i], false, false, Here);
        }

        StatusInvariant.CheckChange(0x03, 0x07, 0x07, true, false, Here);
    }

    [Fact]
    public void Allocation_check_catches_an_allocation()
    {
        long mark = Allocation.Mark();
        GC.KeepAlive(new byte[64]);
        Assert.Throws<AllocationViolation>(() => Allocation.ExpectNone(mark, Here));
    }

    [Fact]
    public void Runner_reports_a_planted_crash_with_its_input()
    {
        var report = MutationRunner.Run(new PlantedCrash(), new MutationRunner.Options { Seed = 3, MaxRuns = 20_000 });

        var crash = Assert.Single(report.Crashes);
        Assert.Contains("planted", crash.Message);
        Assert.True(crash.Input.Length >= 2 && crash.Input[0] == 0xC0 && crash.Input[1] == 0xDB);
    }

    [Fact]
    public void Runner_reports_an_allocation_that_repeats_and_forgives_one_that_does_not()
    {
        var always = MutationRunner.Run(new Allocating(everyTime: true), new MutationRunner.Options { Seed = 1, MaxRuns = 50 });
        var once = MutationRunner.Run(new Allocating(everyTime: false), new MutationRunner.Options { Seed = 1, MaxRuns = 50 });

        Assert.Single(always.Crashes);
        Assert.Empty(once.Crashes);
        Assert.Equal(1, once.OneOffAllocations);
    }

    private sealed class PlantedCrash : IFuzzTarget
    {
        public string Name => "planted";

        public IReadOnlyList<byte[]> Seeds() => new[] { new byte[] { 0, 0, 0, 0 } };

        public ulong Execute(ReadOnlySpan<byte> input)
        {
            if (input.Length >= 2 && input[0] == 0xC0 && input[1] == 0xDB)
            {
                throw new InvariantViolation("planted");
            }

            // Signature: how much of the magic prefix matches, so the runner keeps partial progress.
            return input.Length > 0 && input[0] == 0xC0 ? 1u : 0u;
        }
    }

    private sealed class Allocating(bool everyTime) : IFuzzTarget
    {
        private bool _done;

        public string Name => "allocating";

        public IReadOnlyList<byte[]> Seeds() => new[] { new byte[] { 1 } };

        public ulong Execute(ReadOnlySpan<byte> input)
        {
            long mark = Allocation.Mark();
            if (everyTime || !_done)
            {
                _done = true;
                GC.KeepAlive(new byte[32]);
            }

            Allocation.ExpectNone(mark, Here);
            return 1;
        }
    }
}
