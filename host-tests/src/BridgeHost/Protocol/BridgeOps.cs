using VirtioMmio.Bridge;

namespace BridgeHost.Protocol;

/// <summary>One operation inside a request packet (host side). Layouts: docs/bridge-protocol.md.</summary>
public abstract record BridgeOp
{
    public abstract BridgeOpCode Code { get; }

    /// <summary>Encoded length including the op code byte.</summary>
    public abstract int EncodedLength { get; }

    /// <summary>Length of the result (code byte plus data) when the op succeeds.</summary>
    public abstract int ResultLength { get; }

    internal abstract void WriteArgs(Span<byte> args);
}

public sealed record HelloOp : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.Hello;
    public override int EncodedLength => 1;
    public override int ResultLength => 1 + 1024; // upper bound; the device checks the real size
    internal override void WriteArgs(Span<byte> args) { }
}

public sealed record ReadOp(byte Slot, byte Width, ushort Offset) : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.Read;
    public override int EncodedLength => 1 + BridgeProtocol.RegisterReadArgs;
    public override int ResultLength => 1 + BridgeProtocol.ReadResultData;

    internal override void WriteArgs(Span<byte> args)
    {
        args[0] = Slot;
        args[1] = Width;
        Wire.WriteU16(args[2..], Offset);
    }
}

public sealed record WriteOp(byte Slot, byte Width, ushort Offset, uint Value) : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.Write;
    public override int EncodedLength => 1 + BridgeProtocol.RegisterWriteArgs;
    public override int ResultLength => 1 + BridgeProtocol.WriteResultData;

    internal override void WriteArgs(Span<byte> args)
    {
        args[0] = Slot;
        args[1] = Width;
        Wire.WriteU16(args[2..], Offset);
        Wire.WriteU32(args[4..], Value);
    }
}

/// <summary>Read, OR <see cref="Bits"/> in, write back: virtio_add_status in one op.</summary>
public sealed record ReadOrWriteOp(byte Slot, byte Width, ushort Offset, uint Bits) : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.ReadOrWrite;
    public override int EncodedLength => 1 + BridgeProtocol.RegisterWriteArgs;
    public override int ResultLength => 1 + BridgeProtocol.OrResultData;

    internal override void WriteArgs(Span<byte> args)
    {
        args[0] = Slot;
        args[1] = Width;
        Wire.WriteU16(args[2..], Offset);
        Wire.WriteU32(args[4..], Bits);
    }
}

public sealed record MemReadOp(ulong Address, ushort Length) : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.MemRead;
    public override int EncodedLength => 1 + BridgeProtocol.MemArgs;
    public override int ResultLength => 1 + Length;

    internal override void WriteArgs(Span<byte> args)
    {
        Wire.WriteU64(args, Address);
        Wire.WriteU16(args[8..], Length);
    }
}

public sealed record MemWriteOp(ulong Address, byte[] Data) : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.MemWrite;
    public override int EncodedLength => 1 + BridgeProtocol.MemArgs + Data.Length;
    public override int ResultLength => 1;

    internal override void WriteArgs(Span<byte> args)
    {
        Wire.WriteU64(args, Address);
        Wire.WriteU16(args[8..], checked((ushort)Data.Length));
        Data.CopyTo(args[10..]);
    }
}

public sealed record StatsOp(byte Slot) : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.Stats;
    public override int EncodedLength => 1 + BridgeProtocol.StatsArgs;
    public override int ResultLength => 1 + BridgeProtocol.StatsResultData;
    internal override void WriteArgs(Span<byte> args) => args[0] = Slot;
}

/// <summary>Test stimulus: the slot's device changes its config space on its own.</summary>
public sealed record ChangeConfigOp(byte Slot) : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.ChangeConfig;
    public override int EncodedLength => 2;
    public override int ResultLength => 1;
    internal override void WriteArgs(Span<byte> args) => args[0] = Slot;
}

/// <summary>A register read that stops the batch unless it returns <see cref="Expected"/> (speculative execution).</summary>
public sealed record ReadExpectOp(byte Slot, byte Width, ushort Offset, uint Expected) : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.ReadExpect;
    public override int EncodedLength => 1 + BridgeProtocol.ReadExpectArgs;
    public override int ResultLength => 1 + BridgeProtocol.ReadResultData;

    internal override void WriteArgs(Span<byte> args)
    {
        args[0] = Slot;
        args[1] = Width;
        Wire.WriteU16(args[2..], Offset);
        Wire.WriteU32(args[4..], Expected);
    }
}

/// <summary>A memory read that stops the batch unless memory holds <see cref="Expected"/>.</summary>
public sealed record MemExpectOp(ulong Address, byte[] Expected) : BridgeOp
{
    public override BridgeOpCode Code => BridgeOpCode.MemExpect;
    public override int EncodedLength => 1 + BridgeProtocol.MemArgs + Expected.Length;

    /// <summary>Worst case: on a mismatch the reply carries the bytes actually read.</summary>
    public override int ResultLength => 1 + Expected.Length;

    internal override void WriteArgs(Span<byte> args)
    {
        Wire.WriteU64(args, Address);
        Wire.WriteU16(args[8..], checked((ushort)Expected.Length));
        Expected.CopyTo(args[10..]);
    }
}

/// <summary>The result of one executed op.</summary>
public abstract record OpResult(BridgeError Code);

/// <summary>An op that failed: nothing but the code.</summary>
public sealed record FailedResult(BridgeError Error) : OpResult(Error);

public sealed record HelloResult(DeviceInfo Info) : OpResult(BridgeError.Ok);

/// <summary>A register read; <see cref="Access"/> is the device's classification (docs/register-policy.md).</summary>
public sealed record ReadResult(VirtioMmio.Transport.MmioAccessResult Access, uint Value) : OpResult(BridgeError.Ok);

public sealed record WriteResult(VirtioMmio.Transport.MmioAccessResult Access) : OpResult(BridgeError.Ok);

public sealed record ReadOrWriteResult(VirtioMmio.Transport.MmioAccessResult Access, uint OldValue) : OpResult(BridgeError.Ok);

public sealed record MemReadResult(byte[] Data) : OpResult(BridgeError.Ok);

public sealed record MemWriteResult() : OpResult(BridgeError.Ok);

/// <summary>
/// An expectation op (READ_EXPECT, MEM_EXPECT) that held (<see cref="OpResult.Code"/> Ok) or not (ExpectMismatch); either
/// way <see cref="Data"/> is what the device read: the value little-endian for a register, the bytes for memory.
/// A mismatch is the last result of its reply: nothing after it executed.
/// </summary>
public sealed record ExpectResult(BridgeError Outcome, VirtioMmio.Transport.MmioAccessResult Access, byte[] Data) : OpResult(Outcome)
{
    public bool Held => Outcome == BridgeError.Ok;

    public uint Value => Wire.ReadU32(Data);
}

public sealed record ChangeConfigResult() : OpResult(BridgeError.Ok);

/// <summary>Device-side counters and two live registers of one slot.</summary>
public sealed record StatsResult(
    uint RequestsCompleted,
    uint Notifies,
    uint Resets,
    uint OutputTransitions,
    uint Status,
    uint InterruptStatus) : OpResult(BridgeError.Ok);
