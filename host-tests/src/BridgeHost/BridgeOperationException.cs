using BridgeHost.Protocol;
using LinuxVirtio.Bus;
using VirtioMmio.Bridge;

namespace BridgeHost;

/// <summary>The device executed the request but refused one op (out-of-window memory, bad slot, ...).</summary>
public sealed class BridgeOperationException(BridgeOp op, BridgeError error)
    : BusException($"device refused {op.Code} ({error}): {op}")
{
    public BridgeOp Op { get; } = op;

    public BridgeError Error { get; } = error;
}
