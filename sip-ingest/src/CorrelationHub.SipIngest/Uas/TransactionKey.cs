using CorrelationHub.Sip.Messages;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// Server transaction key (RFC 3261 §17.2.3): top Via branch, sent-by and method. ACK and CANCEL match the INVITE
/// transaction by branch, so they are keyed with the INVITE method when looking it up.
/// </summary>
public readonly record struct TransactionKey(string Branch, string SentBy, string Method)
{
    public static TransactionKey? For(SipRequest request, string? methodOverride = null)
    {
        var via = request.TopVia;
        if (via is null)
        {
            return null;
        }

        var branch = via.Branch;
        if (branch is null || !branch.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal))
        {
            // RFC 2543 peer: key on what identifies its request instead (§17.2.3). The To tag is left out so that
            // a retransmission, an ACK and a CANCEL of the same INVITE all find it.
            branch = $"{request.RequestUri}|{request.From?.Tag}|{request.CallId}|{request.CSeq?.Number}|{branch}";
        }

        return new TransactionKey(branch, via.SentBy.ToLowerInvariant(), methodOverride ?? request.Method);
    }
}
