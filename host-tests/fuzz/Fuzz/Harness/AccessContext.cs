namespace Fuzz.Harness;

/// <summary>Where in an input a check ran; formatted only when a check fails, so checking costs no strings.</summary>
public readonly record struct AccessContext(string Harness, int Step, char Kind, int Offset, int Width, uint Value, string Device)
{
    public override string ToString() =>
        Kind == '-' ? $"{Harness} step {Step} ({Device})" : $"{Harness} step {Step} ({Kind} 0x{Offset:x3} w{Width} 0x{Value:x8}, {Device})";
}
