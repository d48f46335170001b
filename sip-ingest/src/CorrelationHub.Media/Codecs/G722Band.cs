namespace CorrelationHub.Media.Codecs;

/// <summary>
/// The adaptive predictor of one G.722 sub-band (ITU-T G.722 blocks 4: RECONS, PARREC, UPPOL1/2, UPZERO, DELAYA,
/// FILTEP, FILTEZ, PREDIC) and its scale factor state.
/// </summary>
internal sealed class G722Band
{
    private readonly int[] _a = new int[3];
    private readonly int[] _ap = new int[3];
    private readonly int[] _b = new int[7];
    private readonly int[] _bp = new int[7];
    private readonly int[] _d = new int[7];
    private readonly int[] _p = new int[3];
    private readonly int[] _r = new int[3];
    private readonly int[] _sg = new int[7];
    private int _sp;
    private int _sz;

    public G722Band(int det) => Det = det;

    /// <summary>Signal estimate.</summary>
    public int S { get; private set; }

    public int Nb { get; set; }

    public int Det { get; set; }

    public static int Saturate(int value) => value > short.MaxValue ? short.MaxValue : value < short.MinValue ? short.MinValue : value;

    /// <summary>Scale factor adaptation (blocks 3L/3H): <paramref name="shiftBase"/> is 8 for the low band, 10 for the high band.</summary>
    public void Scale(int wl, int limit, int shiftBase)
    {
        var nb = ((Nb * 127) >> 7) + wl;
        Nb = nb < 0 ? 0 : nb > limit ? limit : nb;
        var index = (Nb >> 6) & 31;
        var shift = shiftBase - (Nb >> 11);
        var value = shift < 0 ? G722Tables.Ilb[index] << -shift : G722Tables.Ilb[index] >> shift;
        Det = value << 2;
    }

    public void Update(int d)
    {
        _d[0] = d;
        _r[0] = Saturate(S + d);
        _p[0] = Saturate(_sz + d);

        // UPPOL2
        for (var i = 0; i < 3; i++)
        {
            _sg[i] = _p[i] >> 15;
        }

        var wd1 = Saturate(_a[1] << 2);
        var wd2 = _sg[0] == _sg[1] ? -wd1 : wd1;
        if (wd2 > 32767)
        {
            wd2 = 32767;
        }

        var wd3 = (wd2 >> 7) + (_sg[0] == _sg[2] ? 128 : -128);
        wd3 += (_a[2] * 32512) >> 15;
        _ap[2] = Math.Clamp(wd3, -12288, 12288);

        // UPPOL1
        _sg[0] = _p[0] >> 15;
        _sg[1] = _p[1] >> 15;
        wd1 = _sg[0] == _sg[1] ? 192 : -192;
        wd2 = (_a[1] * 32640) >> 15;
        _ap[1] = Saturate(wd1 + wd2);
        wd3 = Saturate(15360 - _ap[2]);
        if (_ap[1] > wd3)
        {
            _ap[1] = wd3;
        }
        else if (_ap[1] < -wd3)
        {
            _ap[1] = -wd3;
        }

        // UPZERO
        wd1 = d == 0 ? 0 : 128;
        _sg[0] = d >> 15;
        for (var i = 1; i < 7; i++)
        {
            _sg[i] = _d[i] >> 15;
            wd2 = _sg[i] == _sg[0] ? wd1 : -wd1;
            wd3 = (_b[i] * 32640) >> 15;
            _bp[i] = Saturate(wd2 + wd3);
        }

        // DELAYA
        for (var i = 6; i > 0; i--)
        {
            _d[i] = _d[i - 1];
            _b[i] = _bp[i];
        }

        for (var i = 2; i > 0; i--)
        {
            _r[i] = _r[i - 1];
            _p[i] = _p[i - 1];
            _a[i] = _ap[i];
        }

        // FILTEP
        wd1 = Saturate(_r[1] + _r[1]);
        wd1 = (_a[1] * wd1) >> 15;
        wd2 = Saturate(_r[2] + _r[2]);
        wd2 = (_a[2] * wd2) >> 15;
        _sp = Saturate(wd1 + wd2);

        // FILTEZ
        var sz = 0;
        for (var i = 6; i > 0; i--)
        {
            wd1 = Saturate(_d[i] + _d[i]);
            sz += (_b[i] * wd1) >> 15;
        }

        _sz = Saturate(sz);

        // PREDIC
        S = Saturate(_sp + _sz);
    }
}
