using System.Buffers.Binary;

namespace BridgeHost.Protocol;

/// <summary>Little-endian field access (every multi-byte bridge field is little-endian).</summary>
internal static class Wire
{
    public static void WriteU16(Span<byte> b, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b, v);

    public static void WriteU32(Span<byte> b, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b, v);

    public static void WriteU64(Span<byte> b, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b, v);

    public static ushort ReadU16(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt16LittleEndian(b);

    public static uint ReadU32(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt32LittleEndian(b);

    public static ulong ReadU64(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt64LittleEndian(b);
}
