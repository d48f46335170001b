using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Sip.Siprec;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// An in-dialog re-INVITE or UPDATE (RFC 3261 §14, RFC 3311). <see cref="Offer"/> is null for a session refresh or a
/// metadata-only update; <see cref="From"/> is the request's From (CUCM changes its URI parameters inside a dialog,
/// docs/interop.md DL-1, T06).
/// </summary>
public sealed record DialogUpdate(SipRequest Request, SdpSession? Offer, NameAddress? From, DateTimeOffset At)
{
    public bool IsReInvite => Request.Method == SipMethods.Invite;

    public MetadataParseResult? Metadata { get; init; }

    /// <summary>The metadata XML as received, kept as audit evidence.</summary>
    public string? RawMetadata { get; init; }
}

/// <summary>The session layer's answer to an in-dialog update.</summary>
public abstract record DialogUpdateOutcome;

/// <summary>
/// 200 OK with <see cref="Sdp"/>: the answer to an offer, our current SDP as a new offer for a re-INVITE without SDP
/// (RFC 3264 §8; the answer then comes in the ACK), or no body for an UPDATE without SDP.
/// </summary>
public sealed record DialogUpdateAccepted(string? Sdp) : DialogUpdateOutcome;

/// <summary>A final failure (488 for an unacceptable offer); the dialog and its previous media stay as they were.</summary>
public sealed record DialogUpdateRejected(int StatusCode, string ReasonPhrase, string? Warning = null) : DialogUpdateOutcome;
