namespace CorrelationHub.Media.Codecs;

/// <summary>ITU-T G.722 encoder, 64 kbit/s, 16 kHz input (for test senders and the load generator).</summary>
public sealed class G722Encoder
{
    private readonly G722Band _low = new(32);
    private readonly G722Band _high = new(8);
    private readonly int[] _x = new int[24];

    /// <summary>Encodes pairs of 16 kHz samples into one octet each; returns the octets written.</summary>
    public int Encode(ReadOnlySpan<short> samples, Span<byte> output)
    {
        var written = 0;
        for (var j = 0; j + 1 < samples.Length; j += 2)
        {
            // Transmit QMF.
            Array.Copy(_x, 2, _x, 0, 22);
            _x[22] = samples[j];
            _x[23] = samples[j + 1];
            var sumOdd = 0;
            var sumEven = 0;
            for (var i = 0; i < 12; i++)
            {
                sumOdd += _x[2 * i] * G722Tables.QmfCoefficients[i];
                sumEven += _x[(2 * i) + 1] * G722Tables.QmfCoefficients[11 - i];
            }

            var xlow = (sumEven + sumOdd) >> 14;
            var xhigh = (sumEven - sumOdd) >> 14;

            // Low band: SUBTRA, QUANTL.
            var el = G722Band.Saturate(xlow - _low.S);
            var wd = el >= 0 ? el : -(el + 1);
            int index;
            for (index = 1; index < 30; index++)
            {
                if (wd < ((G722Tables.Q6[index] * _low.Det) >> 12))
                {
                    break;
                }
            }

            var ilow = el < 0 ? G722Tables.Iln[index] : G722Tables.Ilp[index];
            var ril = ilow >> 2;
            var dlow = (_low.Det * G722Tables.Qm4[ril]) >> 15;
            _low.Scale(G722Tables.Wl[G722Tables.Rl42[ril]], 18432, 8);
            _low.Update(dlow);

            // High band: SUBTRA, QUANTH.
            var eh = G722Band.Saturate(xhigh - _high.S);
            wd = eh >= 0 ? eh : -(eh + 1);
            var mih = wd >= ((564 * _high.Det) >> 12) ? 2 : 1;
            var ihigh = eh < 0 ? G722Tables.Ihn[mih] : G722Tables.Ihp[mih];
            var dhigh = (_high.Det * G722Tables.Qm2[ihigh]) >> 15;
            _high.Scale(G722Tables.Wh[G722Tables.Rh2[ihigh]], 22528, 10);
            _high.Update(dhigh);

            output[written++] = (byte)((ihigh << 6) | ilow);
        }

        return written;
    }
}
