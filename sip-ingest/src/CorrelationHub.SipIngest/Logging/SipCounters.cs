namespace CorrelationHub.SipIngest.Logging;

/// <summary>What the SIP side counts instead of failing: malformed input, retransmissions, refusals, timeouts.</summary>
public sealed class SipCounters
{
    public Counter RequestsReceived { get; } = new();

    public Counter MalformedDropped { get; } = new();

    public Counter MalformedAnswered { get; } = new();

    public Counter RetransmissionsAbsorbed { get; } = new();

    public Counter HandlerFailures { get; } = new();

    public Counter InvitesAccepted { get; } = new();

    public Counter InvitesRejected { get; } = new();

    public Counter InvitesRefused { get; } = new();

    public Counter CancelsWon { get; } = new();

    public Counter AckTimeouts { get; } = new();

    /// <summary>2xx responses sent again because their ACK had not arrived (RFC 3261 §13.3.1.4): a sign of lost ACKs.</summary>
    public Counter TwoXxRetransmissions { get; } = new();

    public Counter SessionsExpired { get; } = new();

    public Counter RtpTimeouts { get; } = new();

    public Counter ByesSent { get; } = new();

    public Counter MergedRequests { get; } = new();

    public Counter OutOfOrderRequests { get; } = new();

    public Counter GlareRejected { get; } = new();

    public Counter StrayResponses { get; } = new();

    public Counter TlsHandshakeFailures { get; } = new();

    public Counter ForbiddenRequests { get; } = new();

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>
    {
        ["requestsReceived"] = RequestsReceived.Value,
        ["malformedDropped"] = MalformedDropped.Value,
        ["malformedAnswered"] = MalformedAnswered.Value,
        ["retransmissionsAbsorbed"] = RetransmissionsAbsorbed.Value,
        ["handlerFailures"] = HandlerFailures.Value,
        ["invitesAccepted"] = InvitesAccepted.Value,
        ["invitesRejected"] = InvitesRejected.Value,
        ["invitesRefused"] = InvitesRefused.Value,
        ["cancelsWon"] = CancelsWon.Value,
        ["ackTimeouts"] = AckTimeouts.Value,
        ["twoXxRetransmissions"] = TwoXxRetransmissions.Value,
        ["sessionsExpired"] = SessionsExpired.Value,
        ["rtpTimeouts"] = RtpTimeouts.Value,
        ["byesSent"] = ByesSent.Value,
        ["mergedRequests"] = MergedRequests.Value,
        ["outOfOrderRequests"] = OutOfOrderRequests.Value,
        ["glareRejected"] = GlareRejected.Value,
        ["strayResponses"] = StrayResponses.Value,
        ["tlsHandshakeFailures"] = TlsHandshakeFailures.Value,
        ["forbiddenRequests"] = ForbiddenRequests.Value,
    };
}
