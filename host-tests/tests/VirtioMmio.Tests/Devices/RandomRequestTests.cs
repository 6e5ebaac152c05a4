using VirtioMmio.Devices.Clock;
using static VirtioMmio.Tests.Devices.Wire;

namespace VirtioMmio.Tests.Devices;

/// <summary>
/// Seeded random and mutated messages: every request gets exactly one of the documented results, and a request
/// that fails changes no output and no device state.
/// </summary>
public sealed class RandomRequestTests
{
    private static readonly uint[] Results = [Ok, ENOENT, EIO, EINVAL, EOPNOTSUPP];

    [Fact]
    public void Clock_failed_requests_change_nothing()
    {
        var c = Fixtures.Clock();
        var random = new Random(20261128);
        byte[][] seeds =
        [
            ClockMessage(Fixtures.Uart, 0, ClkSetRate, 48_000_000),
            ClockMessage(Fixtures.Sdcc, 3, ClkSetParent, 1),
            ClockMessage(Fixtures.Overlong, 5, ClkSetFlags, 4),
            ClockMessage(Fixtures.UsbReset, 0, ClkReset, 1),
            ClockMessage(Fixtures.Name39, 4, ClkDisable),
        ];

        int failures = 0;
        for (int n = 0; n < 20_000; n++)
        {
            byte[] message = Mutate(random, seeds[n % seeds.Length], 68, [40, 44, 52]);
            string before = Snapshot(c.Device);
            uint journal = c.Journal.Count;

            c.Rig.Submit(c.Device, message);
            uint result = c.Rig.Readable.Length >= 52 ? U32(c.Rig.Readable, 48) : EIO;
            Assert.Contains(result, Results);
            if (result != Ok)
            {
                failures++;
                Assert.Equal(journal, c.Journal.Count);
                Assert.Equal(before, Snapshot(c.Device));
            }
        }

        Assert.InRange(failures, 1000, 19_000); // both outcomes were exercised
    }

    [Fact]
    public void Regulator_failed_requests_change_nothing()
    {
        var r = Fixtures.Regulator();
        var random = new Random(1128);
        byte[][] seeds =
        [
            SetVoltage(Fixtures.Ldo, 1_237_500, 1_237_500),
            RegulatorMessage(Fixtures.Ldo, RegSetMode, 0x4),
            RegulatorMessage(Fixtures.Ldo, RegSetCurrentLimit, 60_000, 200_000),
            RegulatorMessage(Fixtures.Smps, RegDisable),
            RegulatorMessage(Fixtures.Long, RegSetLoad, 1000),
        ];

        int failures = 0;
        for (int n = 0; n < 20_000; n++)
        {
            byte[] message = Mutate(random, seeds[n % seeds.Length], 44, [20, 28, 32]);
            string before = Snapshot(r.Device);
            uint journal = r.Journal.Count;

            r.Rig.Submit(r.Device, message);
            uint result = r.Rig.Readable.Length >= 28 ? U32(r.Rig.Readable, 24) : EIO;
            Assert.Contains(result, Results);
            if (result != Ok)
            {
                failures++;
                Assert.Equal(journal, r.Journal.Count);
                Assert.Equal(before, Snapshot(r.Device));
            }
        }

        Assert.InRange(failures, 1000, 19_000);
    }

    // Keeps a valid message, or truncates it, or randomises one u32 field or one name byte.
    private static byte[] Mutate(Random random, byte[] seed, int size, int[] fields)
    {
        byte[] message = (byte[])seed.Clone();
        switch (random.Next(6))
        {
            case 0:
                return message;
            case 1:
                return message[..random.Next(size)];
            case 2:
                message[random.Next(fields[0])] = (byte)random.Next(256);
                return message;
            default:
                int field = fields[random.Next(fields.Length)];
                uint value = random.Next(2) == 0 ? (uint)random.Next(16) : (uint)random.NextInt64(0, 1L << 32);
                BitConverter.GetBytes(value).CopyTo(message, field);
                return message;
        }
    }

    private static string Snapshot(ClockDevice d) =>
        string.Join(",", Enumerable.Range(0, d.ClockCount).Select(i => $"{d.RateOf(i)}/{d.IsEnabled(i)}/{d.ParentOf(i)}/{d.MemoryFlagsOf(i)}"))
        + ";" + string.Join(",", Enumerable.Range(0, d.ResetCount).Select(d.IsAsserted));

    private static string Snapshot(VirtioMmio.Devices.Regulator.RegulatorDevice d) =>
        string.Join(",", Enumerable.Range(0, d.RegulatorCount).Select(i => $"{d.IsEnabled(i)}/{d.MicrovoltsOf(i)}/{d.CurrentLimitOf(i)}/{d.ModeOf(i)}/{d.LoadOf(i)}"));
}
