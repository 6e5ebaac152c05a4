using VirtioMmio.Bridge;

namespace BridgeHost.Protocol;

/// <summary>SLIP framing on the host (RFC 1055): END, escaped packet, END.</summary>
public static class Slip
{
    public static byte[] Encode(ReadOnlySpan<byte> packet)
    {
        var output = new List<byte>(packet.Length + 8) { SlipCodec.End };
        foreach (byte b in packet)
        {
            switch (b)
            {
                case SlipCodec.End:
                    output.Add(SlipCodec.Esc);
                    output.Add(SlipCodec.EscEnd);
                    break;
                case SlipCodec.Esc:
                    output.Add(SlipCodec.Esc);
                    output.Add(SlipCodec.EscEsc);
                    break;
                default:
                    output.Add(b);
                    break;
            }
        }

        output.Add(SlipCodec.End);
        return output.ToArray();
    }
}

/// <summary>
/// Incremental SLIP decoder for a byte stream. Frames longer than <c>maxFrame</c> and frames with a broken escape
/// are dropped (counted), and decoding resumes at the next END.
/// </summary>
public sealed class SlipReader(int maxFrame)
{
    private readonly List<byte> _frame = new();
    private bool _escaped;
    private bool _broken;

    public int DroppedFrames { get; private set; }

    /// <summary>Feeds bytes; calls <paramref name="onFrame"/> for each complete, non-empty frame.</summary>
    public void Push(ReadOnlySpan<byte> bytes, Action<byte[]> onFrame)
    {
        foreach (byte b in bytes)
        {
            if (b == SlipCodec.End)
            {
                if (_broken || _escaped)
                {
                    DroppedFrames++;
                }
                else if (_frame.Count > 0)
                {
                    onFrame(_frame.ToArray());
                }

                _frame.Clear();
                _escaped = false;
                _broken = false;
                continue;
            }

            if (_broken)
            {
                continue;
            }

            byte value = b;
            if (_escaped)
            {
                _escaped = false;
                if (b == SlipCodec.EscEnd)
                {
                    value = SlipCodec.End;
                }
                else if (b == SlipCodec.EscEsc)
                {
                    value = SlipCodec.Esc;
                }
                else
                {
                    _broken = true;
                    continue;
                }
            }
            else if (b == SlipCodec.Esc)
            {
                _escaped = true;
                continue;
            }

            if (_frame.Count >= maxFrame)
            {
                _broken = true;
                continue;
            }

            _frame.Add(value);
        }
    }
}
