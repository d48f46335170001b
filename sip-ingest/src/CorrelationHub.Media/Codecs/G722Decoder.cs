namespace CorrelationHub.Media.Codecs;

/// <summary>
/// ITU-T G.722 decoder, 64 kbit/s mode (6 bits low band, 2 bits high band per octet). Produces 16 kHz through the
/// receive QMF, or 8 kHz from the low band alone (for a segment stored at 8 kHz). One instance per stream: the
/// ADPCM state must see the packets in order.
/// </summary>
public sealed class G722Decoder : IAudioDecoder
{
    private readonly G722Band _low = new(32);
    private readonly G722Band _high = new(8);
    private readonly int[] _x = new int[24];
    private readonly bool _lowBandOnly;

    public G722Decoder(int outputRate = 16000)
    {
        if (outputRate is not (8000 or 16000))
        {
            throw new ArgumentOutOfRangeException(nameof(outputRate), "G.722 decodes to 16 kHz or, low band only, 8 kHz.");
        }

        _lowBandOnly = outputRate == 8000;
        SampleRate = outputRate;
    }

    public int SampleRate { get; }

    public int SamplesFor(int payloadLength) => _lowBandOnly ? payloadLength : payloadLength * 2;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> output)
    {
        var written = 0;
        foreach (var code in payload)
        {
            var ilr = code & 0x3F;
            var ihigh = (code >> 6) & 0x03;

            // Low band: INVQBL, RECONS, LIMIT, then INVQAL and the predictor update on the 4-bit code.
            var rlow = Math.Clamp(_low.S + ((_low.Det * G722Tables.Qm6[ilr]) >> 15), -16384, 16383);
            var ril = ilr >> 2;
            var dlow = (_low.Det * G722Tables.Qm4[ril]) >> 15;
            _low.Scale(G722Tables.Wl[G722Tables.Rl42[ril]], 18432, 8);
            _low.Update(dlow);

            if (_lowBandOnly)
            {
                output[written++] = (short)G722Band.Saturate(rlow << 1);
                continue;
            }

            var dhigh = (_high.Det * G722Tables.Qm2[ihigh]) >> 15;
            var rhigh = Math.Clamp(dhigh + _high.S, -16384, 16383);
            _high.Scale(G722Tables.Wh[G722Tables.Rh2[ihigh]], 22528, 10);
            _high.Update(dhigh);

            // Receive QMF.
            Array.Copy(_x, 2, _x, 0, 22);
            _x[22] = rlow + rhigh;
            _x[23] = rlow - rhigh;
            var xout1 = 0;
            var xout2 = 0;
            for (var i = 0; i < 12; i++)
            {
                xout2 += _x[2 * i] * G722Tables.QmfCoefficients[i];
                xout1 += _x[(2 * i) + 1] * G722Tables.QmfCoefficients[11 - i];
            }

            output[written++] = (short)G722Band.Saturate(xout1 >> 11);
            output[written++] = (short)G722Band.Saturate(xout2 >> 11);
        }

        return written;
    }
}
