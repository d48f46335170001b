using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CorrelationHub.Sip.Messages;

/// <summary>CSeq (RFC 3261 §20.16): a 32-bit sequence number and a method.</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out CSeqHeader? cseq)
    {
        cseq = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var space = span.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return false;
        }

        if (!uint.TryParse(span[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var method = span[space..].Trim();
        if (method.IsEmpty)
        {
            return false;
        }

        cseq = new CSeqHeader(number, method.ToString());
        return true;
    }

    public override string ToString() => $"{Number.ToString(CultureInfo.InvariantCulture)} {Method}";
}
