namespace CorrelationHub.SipIngest.Uas;

/// <summary>The session layer's answer to an INVITE.</summary>
public abstract record InviteOutcome;

/// <summary>Accept with this SDP (an answer for early offer, an offer for delayed offer).</summary>
public sealed record InviteAccepted(string Sdp, IRecordingLegHandle Leg) : InviteOutcome;

/// <summary>Reject with a final status (488 no acceptable media, 503 full or storage down, ...), optionally with a Warning header value.</summary>
public sealed record InviteRejected(int StatusCode, string ReasonPhrase, string? Warning = null, int? RetryAfterSeconds = null) : InviteOutcome;
