namespace CorrelationHub.Sip.Sdp;

/// <summary>
/// One key parameter of an <c>a=crypto</c> line (RFC 4568 §6.1): <c>inline:&lt;base64 key‖salt&gt;[|lifetime][|MKI:length]</c>.
/// </summary>
public sealed record SdesKeyParam(byte[] KeyMaterial, ulong? Lifetime = null, ulong? MkiValue = null, int MkiLength = 0)
{
    /// <summary>The MKI as it appears in packets: the value big-endian in <see cref="MkiLength"/> bytes.</summary>
    public byte[] MkiBytes()
    {
        var bytes = new byte[MkiLength];
        var value = MkiValue ?? 0;
        for (var i = MkiLength - 1; i >= 0 && value != 0; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }

        return bytes;
    }

    public override string ToString()
    {
        var text = "inline:" + Convert.ToBase64String(KeyMaterial);
        if (Lifetime is { } lifetime)
        {
            text += ulong.IsPow2(lifetime) ? $"|2^{ulong.Log2(lifetime)}" : $"|{lifetime}";
        }

        if (MkiLength > 0)
        {
            text += $"|{MkiValue ?? 0}:{MkiLength}";
        }

        return text;
    }
}
