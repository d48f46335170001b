using System.Buffers.Binary;
using Concentus;
using Concentus.Enums;

namespace CorrelationHub.TestSupport;

/// <summary>RTP senders of G.729 and Opus tones, encoded by the reference encoders, 20 ms a packet.</summary>
public static class CodecStreams
{
    public const int G729PayloadType = 18;
    public const int OpusPayloadType = 111;

    /// <summary>
    /// A G.729 sender of <paramref name="signal"/> (8 kHz). Without VAD two 10-byte frames a packet (20 ms). With VAD
    /// (Annex B) one frame a packet (10 ms): a 2-byte SID frame in silence, and nothing at all for frames the encoder
    /// does not transmit (an empty entry: the sender's clock still moves). Also the frames sent, in order, for the
    /// reference decode.
    /// </summary>
    public static (List<byte[]> Packets, List<byte[]> Frames) G729(short[] signal, uint ssrc, bool vad = false)
    {
        using var codec = new Bcg729Reference(vad);
        var packets = new List<byte[]>();
        var frames = new List<byte[]>();
        var perPacket = vad ? 80 : 160;
        ushort sequence = 1;
        for (var offset = 0; offset + perPacket <= signal.Length; offset += perPacket)
        {
            var payload = new List<byte>();
            for (var start = offset; start < offset + perPacket; start += 80)
            {
                var frame = codec.Encode(signal[start..(start + 80)]);
                if (frame.Length > 0)
                {
                    payload.AddRange(frame);
                    frames.Add(frame);
                }
            }

            packets.Add(payload.Count == 0 ? [] : Rtp(G729PayloadType, sequence++, (uint)offset, ssrc, payload.ToArray()));
        }

        return (packets, frames);
    }

    /// <summary>An Opus sender (48 kHz mono, 20 ms frames) of <paramref name="signal"/>, with in-band FEC when asked.</summary>
    public static List<byte[]> Opus(short[] signal, uint ssrc, bool fec = false)
    {
        OpusCodecFactory.AttemptToUseNativeLibrary = false;
        var encoder = OpusCodecFactory.CreateEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP, null);
        encoder.Bitrate = 32000;
        if (fec)
        {
            encoder.UseInbandFEC = true;
            encoder.PacketLossPercent = 20;
        }

        var packets = new List<byte[]>();
        var buffer = new byte[1275];
        ushort sequence = 1;
        for (var offset = 0; offset + 960 <= signal.Length; offset += 960)
        {
            var length = encoder.Encode(signal.AsSpan(offset, 960), 960, buffer, buffer.Length);
            packets.Add(Rtp(OpusPayloadType, sequence++, (uint)offset, ssrc, buffer.AsSpan(0, length)));
        }

        return packets;
    }

    /// <summary>What Concentus' decoder makes of the packets at 48 kHz, mono, in order.</summary>
    public static short[] ReferenceOpus48k(List<byte[]> packets)
    {
        OpusCodecFactory.AttemptToUseNativeLibrary = false;
        var decoder = OpusCodecFactory.CreateDecoder(48000, 1, null);
        var pcm = new short[5760];
        return [.. packets.SelectMany(p => pcm[..decoder.Decode(p.AsSpan(12), pcm, pcm.Length, false)].ToArray())];
    }

    /// <summary>Signal to noise ratio of <paramref name="actual"/> against <paramref name="reference"/>, in dB.</summary>
    public static double SnrDb(ReadOnlySpan<short> reference, ReadOnlySpan<short> actual)
    {
        double signal = 0, noise = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            signal += (double)reference[i] * reference[i];
            var d = (double)reference[i] - actual[i];
            noise += d * d;
        }

        return noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);
    }

    /// <summary>The shift of <paramref name="actual"/> (within ±2,000 samples) that best matches <paramref name="reference"/>.</summary>
    public static int BestLag(short[] reference, short[] actual)
    {
        var best = (Lag: 0, Snr: double.NegativeInfinity);
        for (var lag = -2000; lag <= 2000; lag++)
        {
            var from = Math.Max(0, lag);
            var length = Math.Min(reference.Length, actual.Length - from) - Math.Max(0, -lag);
            if (length < 1000)
            {
                continue;
            }

            var snr = SnrDb(reference.AsSpan(Math.Max(0, -lag), length), actual.AsSpan(from, length));
            if (snr > best.Snr)
            {
                best = (lag, snr);
            }
        }

        return best.Lag;
    }

    public static short[] Tone8k(double frequency, double seconds) => Tone.Sine(frequency, 8000, (int)(8000 * seconds));

    public static short[] Tone48k(double frequency, double seconds) => Tone.Sine(frequency, 48000, (int)(48000 * seconds));

    /// <summary>An RTP packet (RFC 3550 §5.1 header, no CSRC, no extension).</summary>
    public static byte[] Rtp(int payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }
}
