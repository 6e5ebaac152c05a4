namespace Fuzz.Harness;

/// <summary>FNV-1a style mixing of small behaviour facts into a 64-bit signature.</summary>
public struct Signature
{
    private ulong _value;

    public Signature()
    {
        _value = 0xcbf29ce484222325;
    }

    public readonly ulong Value => _value;

    public void Add(long fact)
    {
        _value = (_value ^ (ulong)fact) * 0x100000001b3;
    }
}
