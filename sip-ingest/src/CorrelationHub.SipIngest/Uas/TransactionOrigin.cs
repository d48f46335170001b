using CorrelationHub.Sip.Messages;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// What makes two out-of-dialog requests the same request (RFC 3261 §8.2.2.2): From tag, Call-ID and CSeq. Two
/// transactions with one origin but different keys are a request merged by a forking proxy.
/// </summary>
public readonly record struct TransactionOrigin(string FromTag, string CallId, uint CSeq, string Method)
{
    /// <summary>The origin of a request without a To tag; null for in-dialog requests and incomplete headers.</summary>
    public static TransactionOrigin? Of(SipRequest request)
    {
        if (request.To?.Tag is not null || request.From?.Tag is not { } fromTag || request.CallId is not { } callId || request.CSeq is not { } cseq)
        {
            return null;
        }

        return new TransactionOrigin(fromTag, callId, cseq.Number, cseq.Method);
    }
}
