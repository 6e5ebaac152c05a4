using System.Buffers.Binary;
using System.Text;

namespace VirtioMmio.Tests.Devices;

/// <summary>
/// Messages built field by field from the offsets documented in virtio-clk-regulator-wire.md §2, the way the
/// driver fills its kzalloc'd buffer (strscpy name, LE u32 fields). Deliberately independent of the firmware's
/// layout constants, so a wrong constant there fails a test here.
/// </summary>
internal static class Wire
{
    // Negative Linux errnos as two's-complement u32, written out literally.
    public const uint Ok = 0;
    public const uint ENOENT = 0xFFFFFFFE; // -2
    public const uint EIO = 0xFFFFFFFB; // -5
    public const uint EINVAL = 0xFFFFFFEA; // -22
    public const uint EOPNOTSUPP = 0xFFFFFFA1; // -95

    // Clock request types.
    public const uint ClkEnable = 0, ClkDisable = 1, ClkSetRate = 2, ClkGetRate = 3, ClkRoundRate = 4, ClkReset = 5, ClkSetFlags = 6, ClkSetParent = 8;

    // Regulator request types.
    public const uint RegEnable = 0, RegDisable = 1, RegSetVoltage = 2, RegGetVoltage = 3, RegSetCurrentLimit = 4,
        RegGetCurrentLimit = 5, RegSetMode = 6, RegGetMode = 7, RegSetLoad = 8;

    public const ulong VersionOne = 1UL << 32;
    public const ulong ClkFeatureReset = 1UL << 1;
    public const ulong ClkFeatureName = 1UL << 2;

    /// <summary>struct virtio_clk_msg: name[40] @0, id @40, type @44, result @48, data[4] @52..67.</summary>
    public static byte[] ClockMessage(string name, uint id, uint type, uint data0 = 0, uint data1 = 0)
    {
        var message = new byte[68];
        CopyName(message, name, 40);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(40), id);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(44), type);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(52), data0);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(56), data1);
        return message;
    }

    /// <summary>struct virtio_regulator_msg: name[20] @0, type @20, result @24, data[4] @28..43.</summary>
    public static byte[] RegulatorMessage(string name, uint type, uint data0 = 0, uint data1 = 0)
    {
        var message = new byte[44];
        CopyName(message, name, 20);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), type);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(28), data0);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(32), data1);
        return message;
    }

    /// <summary>The driver's SET_VOLTAGE encoding: data[0] = DIV_ROUND_UP(min_uV, 1000), data[1] = max_uV / 1000.</summary>
    public static byte[] SetVoltage(string name, uint minMicrovolts, uint maxMicrovolts)
        => RegulatorMessage(name, RegSetVoltage, (minMicrovolts + 999) / 1000, maxMicrovolts / 1000);

    public static uint U32(byte[] buffer, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset));

    // strscpy: at most size-1 characters, NUL-terminated, the rest already zero.
    private static void CopyName(byte[] message, string name, int size)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name);
        Array.Copy(bytes, message, Math.Min(bytes.Length, size - 1));
    }
}
