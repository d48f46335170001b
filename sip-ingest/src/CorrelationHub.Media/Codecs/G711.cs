namespace CorrelationHub.Media.Codecs;

/// <summary>ITU-T G.711 µ-law and A-law expansion to 16-bit linear PCM, by table.</summary>
public static class G711
{
    private static readonly short[] MuLawTable = BuildMuLaw();
    private static readonly short[] ALawTable = BuildALaw();

    public static short DecodeMuLaw(byte value) => MuLawTable[value];

    public static short DecodeALaw(byte value) => ALawTable[value];

    public static void DecodeMuLaw(ReadOnlySpan<byte> input, Span<short> output)
    {
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = MuLawTable[input[i]];
        }
    }

    public static void DecodeALaw(ReadOnlySpan<byte> input, Span<short> output)
    {
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = ALawTable[input[i]];
        }
    }

    /// <summary>Linear to µ-law (for test signal generators and the simulator).</summary>
    public static byte EncodeMuLaw(short sample)
    {
        const int bias = 0x84;
        const int clip = 32635;
        var sign = (sample >> 8) & 0x80;
        int magnitude = sign != 0 ? -sample : sample;
        if (magnitude > clip)
        {
            magnitude = clip;
        }

        magnitude += bias;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    /// <summary>Linear to A-law (for test signal generators and the simulator).</summary>
    public static byte EncodeALaw(short sample)
    {
        var sign = sample >= 0 ? 0x80 : 0x00;
        int magnitude = sample >= 0 ? sample : -sample - 1;
        if (magnitude > 32767)
        {
            magnitude = 32767;
        }

        int encoded;
        if (magnitude < 256)
        {
            encoded = magnitude >> 4;
        }
        else
        {
            var exponent = 1;
            for (var m = magnitude >> 8; m > 1; m >>= 1)
            {
                exponent++;
            }

            encoded = (exponent << 4) | ((magnitude >> (exponent + 3)) & 0x0F);
        }

        return (byte)((encoded | sign) ^ 0x55);
    }

    private static short[] BuildMuLaw()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            var u = ~i & 0xFF;
            var sign = u & 0x80;
            var exponent = (u >> 4) & 0x07;
            var mantissa = u & 0x0F;
            var magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
            table[i] = (short)(sign != 0 ? -magnitude : magnitude);
        }

        return table;
    }

    private static short[] BuildALaw()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            var a = i ^ 0x55;
            var sign = a & 0x80;
            var exponent = (a >> 4) & 0x07;
            var mantissa = a & 0x0F;
            var magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
            table[i] = (short)(sign != 0 ? magnitude : -magnitude);
        }

        return table;
    }
}
