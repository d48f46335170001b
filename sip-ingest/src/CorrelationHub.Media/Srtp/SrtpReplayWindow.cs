namespace CorrelationHub.Media.Srtp;

/// <summary>
/// A sliding replay window over packet indices (RFC 3711 §3.3.2), 128 packets wide. <see cref="Check"/> runs
/// before authentication; <see cref="Accept"/> only after it succeeded, so forged packets cannot move the window.
/// </summary>
public sealed class SrtpReplayWindow
{
    public const int Size = 128;

    private UInt128 _bits;
    private ulong _highest;
    private bool _any;

    public bool Check(ulong index)
    {
        if (!_any || index > _highest)
        {
            return true;
        }

        var delta = _highest - index;
        return delta < Size && (_bits & (UInt128.One << (int)delta)) == UInt128.Zero;
    }

    public void Accept(ulong index)
    {
        if (!_any)
        {
            _any = true;
            _highest = index;
            _bits = UInt128.One;
            return;
        }

        if (index > _highest)
        {
            var shift = index - _highest;
            _bits = shift >= Size ? UInt128.One : (_bits << (int)shift) | UInt128.One;
            _highest = index;
            return;
        }

        var delta = _highest - index;
        if (delta < Size)
        {
            _bits |= UInt128.One << (int)delta;
        }
    }
}
