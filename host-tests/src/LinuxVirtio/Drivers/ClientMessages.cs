using System.Buffers.Binary;
using System.Text;

namespace LinuxVirtio.Drivers;

/// <summary>
/// <c>struct virtio_clk_msg</c> (68 bytes: name[40], id, type, result, data[4]) of the Qualcomm virtio_clk
/// driver. The judge keeps its own encoding; it does not share code with the device.
/// </summary>
public static class VirtioClkMsg
{
    public const int Size = 68;
    public const int NameOffset = 0;
    public const int NameSize = 40;
    public const int IdOffset = 40;
    public const int TypeOffset = 44;
    public const int ResultOffset = 48;
    public const int DataOffset = 52;

    public const uint VIRTIO_CLK_T_ENABLE = 0;
    public const uint VIRTIO_CLK_T_DISABLE = 1;
    public const uint VIRTIO_CLK_T_SET_RATE = 2;
    public const uint VIRTIO_CLK_T_GET_RATE = 3;
    public const uint VIRTIO_CLK_T_ROUND_RATE = 4;
    public const uint VIRTIO_CLK_T_RESET = 5;

    public static byte[] Build(string name, uint id, uint type, uint data0 = 0)
    {
        var msg = new byte[Size]; // kzalloc
        Names.Copy(name, msg.AsSpan(NameOffset, NameSize));
        BinaryPrimitives.WriteUInt32LittleEndian(msg.AsSpan(IdOffset), id);
        BinaryPrimitives.WriteUInt32LittleEndian(msg.AsSpan(TypeOffset), type);
        BinaryPrimitives.WriteUInt32LittleEndian(msg.AsSpan(DataOffset), data0);
        return msg;
    }

    public static int Result(ReadOnlySpan<byte> msg) => BinaryPrimitives.ReadInt32LittleEndian(msg[ResultOffset..]);

    public static uint Data0(ReadOnlySpan<byte> msg) => BinaryPrimitives.ReadUInt32LittleEndian(msg[DataOffset..]);
}

/// <summary><c>struct virtio_regulator_msg</c> (44 bytes: name[20], type, result, data[4]).</summary>
public static class VirtioRegulatorMsg
{
    public const int Size = 44;
    public const int NameSize = 20;
    public const int TypeOffset = 20;
    public const int ResultOffset = 24;
    public const int DataOffset = 28;

    public const uint VIRTIO_REGULATOR_T_ENABLE = 0;
    public const uint VIRTIO_REGULATOR_T_DISABLE = 1;
    public const uint VIRTIO_REGULATOR_T_SET_VOLTAGE = 2;
    public const uint VIRTIO_REGULATOR_T_GET_VOLTAGE = 3;

    public static byte[] Build(string name, uint type, uint data0 = 0, uint data1 = 0)
    {
        var msg = new byte[Size];
        Names.Copy(name, msg.AsSpan(0, NameSize));
        BinaryPrimitives.WriteUInt32LittleEndian(msg.AsSpan(TypeOffset), type);
        BinaryPrimitives.WriteUInt32LittleEndian(msg.AsSpan(DataOffset), data0);
        BinaryPrimitives.WriteUInt32LittleEndian(msg.AsSpan(DataOffset + 4), data1);
        return msg;
    }

    public static int Result(ReadOnlySpan<byte> msg) => BinaryPrimitives.ReadInt32LittleEndian(msg[ResultOffset..]);

    public static uint Data0(ReadOnlySpan<byte> msg) => BinaryPrimitives.ReadUInt32LittleEndian(msg[DataOffset..]);
}

internal static class Names
{
    /// <summary>strscpy: truncated to size-1 characters, NUL-terminated, zero-filled.</summary>
    public static void Copy(string name, Span<byte> field)
    {
        field.Clear();
        var bytes = Encoding.ASCII.GetBytes(name);
        bytes.AsSpan(0, Math.Min(bytes.Length, field.Length - 1)).CopyTo(field);
    }
}
