namespace CorrelationHub.Simulator.Media;

/// <summary>ITU-T G.711 encoders (μ-law and A-law) for the phones' forked streams.</summary>
public static class G711
{
    public static byte EncodeMuLaw(short sample)
    {
        const int bias = 0x84;
        const int clip = 32635;
        var s = (int)sample;
        var sign = (s >> 8) & 0x80;
        if (sign != 0)
        {
            s = -s;
        }

        s = Math.Min(s, clip) + bias;
        var exponent = 7;
        for (var mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (s >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    public static byte EncodeALaw(short sample)
    {
        var s = (int)sample;
        var sign = 0x80;
        if (s < 0)
        {
            sign = 0;
            s = -s - 1;
        }

        s = Math.Min(s, 32767) >> 3;
        int encoded;
        if (s < 32)
        {
            encoded = s >> 1;
        }
        else
        {
            var exponent = 1;
            var value = s >> 5;
            while (value > 1 && exponent < 7)
            {
                value >>= 1;
                exponent++;
            }

            encoded = (exponent << 4) | ((s >> exponent) & 0x0F);
        }

        return (byte)((encoded | sign) ^ 0x55);
    }

    public static byte[] Encode(ReadOnlySpan<short> samples, int payloadType)
    {
        var result = new byte[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            result[i] = payloadType == 8 ? EncodeALaw(samples[i]) : EncodeMuLaw(samples[i]);
        }

        return result;
    }
}
