using Fuzz.Targets;

namespace Fuzz.Harness;

/// <summary>Every harness, by name.</summary>
public static class FuzzTargets
{
    public static readonly string[] Names = { "bridge", "ring", "registers" };

    public static IFuzzTarget Create(string name) => name switch
    {
        "bridge" => new BridgeFrameTarget(),
        "ring" => new RingWalkerTarget(),
        "registers" => new RegisterSequenceTarget(),
        _ => throw new ArgumentException($"unknown target '{name}' (bridge, ring, registers)"),
    };
}
