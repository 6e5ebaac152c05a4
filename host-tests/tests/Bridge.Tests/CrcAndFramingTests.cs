using System.IO.Hashing;
using System.Text;
using BridgeHost.Protocol;
using VirtioMmio.Bridge;

namespace Bridge.Tests;

public class CrcAndFramingTests
{
    [Fact]
    public void Device_crc_matches_the_standard_check_value()
    {
        byte[] check = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, BridgeCrc32.Compute(check, 0, check.Length));
    }

    [Fact]
    public void Device_crc_equals_System_IO_Hashing_on_random_data()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 200; trial++)
        {
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            int offset = data.Length == 0 ? 0 : random.Next(0, data.Length);
            int count = data.Length - offset;
            Assert.Equal(Crc32.HashToUInt32(data.AsSpan(offset, count)), BridgeCrc32.Compute(data, offset, count));
        }
    }

    [Fact]
    public void Slip_round_trips_between_device_encoder_and_host_decoder_and_back()
    {
        var random = new Random(99);
        for (int trial = 0; trial < 200; trial++)
        {
            var packet = new byte[random.Next(1, 200)];
            random.NextBytes(packet);
            // Make delimiter and escape bytes common.
            for (int i = 0; i < packet.Length; i += 3)
            {
                packet[i] = random.Next(2) == 0 ? SlipCodec.End : SlipCodec.Esc;
            }

            var encoded = new byte[SlipCodec.MaxEncodedLength(packet.Length)];
            int n = SlipCodec.Encode(packet, 0, packet.Length, encoded, 0);
            Assert.Equal(Slip.Encode(packet), encoded[..n]);
            Assert.DoesNotContain(SlipCodec.End, encoded[1..(n - 1)]);

            var frames = new List<byte[]>();
            new SlipReader(4096).Push(encoded.AsSpan(0, n), frames.Add);
            Assert.Equal(packet, Assert.Single(frames));

            var decoder = new SlipDecoder(4096);
            SlipEvent last = SlipEvent.None;
            for (int i = 0; i < n; i++)
            {
                last = decoder.Push(encoded[i]);
            }

            Assert.Equal(SlipEvent.Frame, last);
            Assert.Equal(packet, decoder.Buffer[..decoder.Length]);
        }
    }

    [Fact]
    public void Device_encoder_refuses_an_output_buffer_that_is_too_small()
    {
        byte[] packet = { 1, SlipCodec.End, 3 };
        Assert.Equal(-1, SlipCodec.Encode(packet, 0, 3, new byte[5], 0));
        Assert.Equal(6, SlipCodec.Encode(packet, 0, 3, new byte[6], 0));
    }

    [Fact]
    public void Decoder_resynchronises_after_garbage_and_flags_overflow_and_bad_escapes()
    {
        var decoder = new SlipDecoder(8);
        var events = new List<(SlipEvent Event, byte[] Frame)>();
        byte[] stream =
        {
            0x11, 0x22, SlipCodec.End,                                  // garbage before the first END: a (bogus) frame
            SlipCodec.End, SlipCodec.End,                               // empty frames are skipped
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, SlipCodec.End,               // 10 bytes into an 8-byte buffer
            SlipCodec.Esc, 0x42, SlipCodec.End,                         // invalid escape
            SlipCodec.Esc, SlipCodec.EscEnd, SlipCodec.Esc, SlipCodec.EscEsc, SlipCodec.End, // valid escapes
        };
        foreach (byte b in stream)
        {
            var e = decoder.Push(b);
            if (e != SlipEvent.None)
            {
                events.Add((e, decoder.Buffer[..decoder.Length]));
            }
        }

        Assert.Equal(4, events.Count);
        Assert.Equal(SlipEvent.Frame, events[0].Event);
        Assert.Equal(new byte[] { 0x11, 0x22 }, events[0].Frame);
        Assert.Equal(SlipEvent.Overflow, events[1].Event);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, events[1].Frame);
        Assert.Equal(SlipEvent.BadEscape, events[2].Event);
        Assert.Equal(SlipEvent.Frame, events[3].Event);
        Assert.Equal(new[] { SlipCodec.End, SlipCodec.Esc }, events[3].Frame);
    }
}
